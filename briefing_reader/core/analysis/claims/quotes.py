"""Quotation regions: the quoted stretches of a text, paired within paragraphs."""

from __future__ import annotations

import math
from bisect import bisect_right

_QUOTE_OPEN = '“"'
_QUOTE_CLOSE = '”"'
MARK_TOKENS = frozenset({'"', "“", "”", "''"})

#: A sentence at least this much inside quotation marks is a quote.
QUOTE_SHARE = 0.3


def _marks(paragraph: str) -> list[tuple[int, str]]:
    """(position, mark) of the quotation marks of a paragraph; a doubled apostrophe
    ('' as some wire copy writes a straight quote) counts as one '"'."""
    marks = []
    i = 0
    while i < len(paragraph):
        char = paragraph[i]
        if paragraph.startswith("''", i):
            if not paragraph.startswith("'''", i):
                marks.append((i, '"'))
            i += 2
            continue
        if char in _QUOTE_OPEN or char in _QUOTE_CLOSE:
            marks.append((i, char))
        i += 1
    return marks


def _opens_quote(char: str, i: int, before: str, after: str) -> bool:
    """An opening mark, a straight quote not glued to a word on its left, or a closing
    mark that opens its paragraph."""
    if char in _QUOTE_OPEN:
        return not (char == '"' and before.isalnum())
    return char == "”" and i == 0 and after.isalnum()


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted stretches, including the marks, paired within paragraphs.

    A straight quote glued to a word on its right inside an open quotation opens an
    inner quotation ("… Trump's "America First" tendencies …"), whose closing mark is
    skipped too; so does a second opening curly mark (“… what he calls “hell” than …”).
    A quotation still open at the paragraph's end closes at its last closing mark, and a
    closing mark opening a paragraph opens a quotation (a typo seen in the wild).
    """
    regions: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opening: int | None = None
        inner = 0
        last_close: int | None = None
        for i, char in _marks(paragraph):
            width = 2 if paragraph.startswith("''", i) else 1
            before = paragraph[i - 1] if i else " "
            after = paragraph[i + width] if i + width < len(paragraph) else " "
            if opening is None:
                if _opens_quote(char, i, before, after):
                    opening = i
            elif char == "“" or (char == '"' and after.isalnum() and not before.isalnum()):
                inner += 1  # an inner quotation opens
            elif char in _QUOTE_CLOSE:
                if inner:
                    inner -= 1
                    last_close = i + width
                    continue
                regions.append((offset + opening, offset + i + width))
                opening, inner, last_close = None, 0, None
        if opening is not None and last_close is not None:
            regions.append((offset + opening, offset + last_close))
        offset += len(paragraph) + 2
    return regions


def inside(start: int, end: int, regions: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in regions)
    return covered / max(1, end - start)


def in_regions(position: int, regions: list[tuple[int, int]]) -> bool:
    """Inside a quotation? Regions are sorted and disjoint (see :func:`quote_regions`)."""
    i = bisect_right(regions, (position, math.inf)) - 1
    return i >= 0 and position < regions[i][1]


def opens_sentence(text: str, position: int) -> bool:
    """Nothing but spaces between ``position`` and the end of a sentence or paragraph."""
    i = position
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i == 0 or text[i - 1] in '.?!:\n"”'
