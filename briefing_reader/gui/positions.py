"""Python code-point offsets ↔ Qt's UTF-16 text positions, in one place.

The core stores offsets as ``str`` indices (code points). ``QTextDocument`` counts
UTF-16 code units, so every character outside the Basic Multilingual Plane (emoji,
some CJK, mathematical letters) takes two positions in Qt and one in Python. Every
conversion between the two goes through :class:`Utf16Offsets`; nothing else in the
GUI does offset arithmetic. This module imports no Qt so it is tested without it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Offset maps for one text; O(astral characters) memory, O(log n) per lookup."""

    __slots__ = ("_astral", "_astral16")

    def __init__(self, text: str) -> None:
        if text.isascii():
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        #: UTF-16 position of each astral character (its high surrogate).
        self._astral16 = [index + n for n, index in enumerate(self._astral)]

    def to_qt(self, index: int) -> int:
        """Code-point offset → UTF-16 position."""
        return index + bisect_left(self._astral, index)

    def to_python(self, position: int) -> int:
        """UTF-16 position → code-point offset.

        A position between the two halves of a surrogate pair (Qt can report one
        when a cursor is moved by code units) maps to the start of that character.
        """
        before = bisect_left(self._astral16, position)
        if before and self._astral16[before - 1] == position - 1:
            return self._astral[before - 1]
        return position - before

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + (0 if text.isascii() else len(_ASTRAL.findall(text)))
