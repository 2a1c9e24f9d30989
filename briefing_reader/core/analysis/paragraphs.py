"""A component that starts a new sentence after every paragraph break, and none in the
middle of a line right after a word.

The parser sometimes runs a headline into the next paragraph, or a closing quotation
mark into the next sentence; document text separates paragraphs with a blank line,
so those boundaries are certain. It also sometimes ends a sentence after a plain word
("Clinton cited disparaging remarks | Trump had made about Machado"): a sentence ends
in punctuation or at a line break, so a word followed by a space and more text on the
same line never ends one.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("briefing_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif _runs_on(token):
            doc[token.i + 1].is_sent_start = False
    return doc


def _runs_on(token) -> bool:
    """A word (not an abbreviation, number or symbol) followed by a space and a word on
    the same line: no sentence ends between them."""
    text = token.text
    if not token.whitespace_ or not text[-1:].isalpha() or not text[:1].isalpha():
        return False
    following = token.nbor()
    return bool(following.text[:1].isalnum())
