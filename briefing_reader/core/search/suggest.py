"""Did-you-mean: replace words the library does not contain with close, common ones.

Suggestions come from the library's own vocabulary (surface words, not stems), so
they are always real words that would match something.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

#: Words shorter than this are too ambiguous to correct.
MIN_LENGTH = 4


class Suggester:
    """Holds the vocabulary in memory once it is first needed."""

    def __init__(
        self, word_count: Callable[[str], int], load: Callable[[], list[tuple[str, int]]]
    ) -> None:
        self._word_count = word_count
        self._load = load
        self._words: list[str] | None = None
        self._counts: dict[str, int] = {}

    def invalidate(self) -> None:
        self._words = None

    def _vocabulary(self) -> list[str]:
        if self._words is None:
            pairs = self._load()
            self._counts = dict(pairs)
            self._words = [word for word, _ in pairs]
        return self._words

    def correct_word(self, word: str) -> str | None:
        """The closest common word within two edits, or None."""
        lowered = word.lower()
        if len(lowered) < MIN_LENGTH or not lowered.isalpha() or self._word_count(lowered):
            return None
        max_distance = 1 if len(lowered) < 6 else 2
        candidates = process.extract(
            lowered,
            self._vocabulary(),
            scorer=Levenshtein.distance,
            score_cutoff=max_distance,
            limit=20,
        )
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c[1], -self._counts.get(c[0], 0), c[0]))
        return best[0]

    def suggest(self, text: str, words: list[str]) -> str | None:
        """``text`` with misspelt ``words`` replaced; None when nothing changes."""
        corrected = text
        changed = False
        for word in dict.fromkeys(words):
            if _asked_loosely(text, word):
                continue  # the user asked for fuzzy or wildcard matching already
            replacement = self.correct_word(word)
            if replacement and replacement != word.lower():
                corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, corrected)
                changed = True
        return corrected if changed else None


def _asked_loosely(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` fuzzy (``word~``) or with a wildcard (``wor*d``,
    ``*word``): a scan, not a regular expression compiled for every word typed."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before in ("*", "?") or (
            not (before.isalnum() or before == "_") and after in ("~", "*", "?")
        ):
            return True
        start = text.find(word, start + 1)
    return False
