"""A component that starts a new sentence after every paragraph break.

The parser sometimes runs a headline into the next paragraph, or a closing quotation
mark into the next sentence; document text separates paragraphs with a blank line,
so those boundaries are certain.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("briefing_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
