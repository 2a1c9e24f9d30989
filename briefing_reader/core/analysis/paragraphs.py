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

from itertools import pairwise
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token


@Language.component("briefing_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """The boundaries go into the Doc in one array: spaCy's per-token setter first scans
    the whole document for a parse, which made this component quadratic in its length."""
    starts = doc.to_array(SENT_START).astype(numpy.int64)
    for token, following in pairwise(doc):
        if token.is_space and "\n" in token.text:
            starts[following.i] = 1
        elif _runs_on(token, following):
            starts[following.i] = -1
    if len(doc) > 1:
        column: Any = starts.astype(numpy.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], column)
    return doc


def _runs_on(token: Token, following: Token) -> bool:
    """A word (not an abbreviation, number or symbol) followed by a space and a word on
    the same line: no sentence ends between them."""
    text = token.text
    if not token.whitespace_ or not text[-1:].isalpha() or not text[:1].isalpha():
        return False
    return bool(following.text[:1].isalnum())
