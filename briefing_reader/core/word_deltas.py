"""Changes to the did-you-mean vocabulary's counts, held until their transaction commits.

Writing each document's few hundred words as it is stored cost an import more than
storing the document itself: one upsert per word, and the pages those words touch
written again at every commit. The words of each change are kept instead, one level per
open transaction: a savepoint that fails drops its level, one that succeeds adds its
level to the one below, and the outermost level is counted (in C, by ``Counter``) and
written, one statement per distinct word, just before its transaction commits, so the
vocabulary always matches the documents.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from itertools import chain
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]{3,}")


def vocabulary_words(text: str) -> set[str]:
    """Lower-case words of three or more letters, as the vocabulary keeps them."""
    return set(_WORD.findall(text.lower()))


class _Level(NamedTuple):
    """The word sets of the documents a transaction added and removed."""

    added: list[set[str]]
    removed: list[set[str]]


class WordDeltas:
    """Per-word count changes of the open transaction and its savepoints."""

    def __init__(self) -> None:
        self._levels: list[_Level] = []

    def begin(self) -> None:
        self._levels.append(_Level([], []))

    def add(self, text: str, sign: int) -> None:
        """Count the words of ``text`` once more (``sign`` +1) or once less (-1)."""
        level = self._levels[-1]
        (level.added if sign > 0 else level.removed).append(vocabulary_words(text))

    def keep(self) -> None:
        """A savepoint succeeded: its changes join the level below."""
        top = self._levels.pop()
        below = self._levels[-1]
        below.added.extend(top.added)
        below.removed.extend(top.removed)

    def drop(self) -> None:
        """A savepoint or transaction ended without joining a level below: its changes
        are written or forgotten."""
        self._levels.pop()

    def write(self, db: sqlite3.Connection) -> None:
        """Write the outermost level's changes inside its transaction (:meth:`drop` it
        once the transaction has committed or rolled back)."""
        level = self._levels[-1]
        counts = Counter(chain.from_iterable(level.added))
        if level.removed:
            counts.subtract(chain.from_iterable(level.removed))
        db.executemany(
            "INSERT INTO vocabulary (word, doc_count) VALUES (?, ?) "
            "ON CONFLICT(word) DO UPDATE SET doc_count = doc_count + excluded.doc_count",
            [(word, delta) for word, delta in counts.items() if delta],
        )
        if level.removed:
            db.execute("DELETE FROM vocabulary WHERE doc_count <= 0")
