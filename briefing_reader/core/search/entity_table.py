"""Each segment's document entities as arrays, for counting entity facets in C.

A document's entities are one column value (``LABEL<TAB>name`` lines). Reading and
splitting that value for each of a query's thousand best matches cost more than the
search. Here a segment's column is read once, every distinct line is numbered, and
each document becomes a run of numbers in one array: counting a query's entities is a
gather and a ``bincount``. Segments never change, so tables are kept by segment id in
a small LRU shared by every searcher, like the vocabularies.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from whoosh.reading import IndexReader

from briefing_reader.core.search.lru import SharedLru
from briefing_reader.core.search.postings import IntArray
from briefing_reader.core.search.schema import ENTITY_KEYS_FIELD

#: Entity mentions (a document's distinct entities) kept over all cached tables, with
#: the distinct lines they number: 4 bytes each plus some 60 bytes a line, about 10 MB.
CACHED_MENTIONS = 1_000_000


class EntityTable:
    """One segment's entities: document *d* holds ``codes[starts[d]:starts[d + 1]]``,
    each code numbering a distinct line of ``lines``."""

    def __init__(self, values: list[bytes]) -> None:
        numbers: dict[bytes, int] = {}
        per_document = [value.split(b"\n") if value else [] for value in values]
        codes = [numbers.setdefault(line, len(numbers)) for lines in per_document for line in lines]
        self.lines = list(numbers)
        self.codes: npt.NDArray[np.int32] = np.asarray(codes, dtype=np.int32)
        self.starts: IntArray = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(lines) for lines in per_document], out=self.starts[1:])
        self._ranks: IntArray | None = None

    def name_ranks(self) -> IntArray:
        """Each line's place in the order of names (made once, on first use)."""
        if self._ranks is None:
            self._ranks = name_ranks(self.lines)
        return self._ranks

    def counts(self, docnums: IntArray) -> IntArray:
        """How many of ``docnums`` (this segment's numbers) hold each line."""
        starts, ends = self.starts[docnums], self.starts[docnums + 1]
        sizes = ends - starts
        total = int(sizes.sum())
        if not total:
            return np.zeros(len(self.lines), dtype=np.int64)
        # Positions starts[d] … ends[d] - 1 of every document, in one array.
        shifts = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
        picked = self.codes[shifts + np.arange(total)]
        return np.bincount(picked, minlength=len(self.lines))


def name_ranks(lines: list[bytes]) -> IntArray:
    """The rank of each ``LABEL<TAB>name`` line when ordered by name (UTF-8 bytes sort in
    the order of the names' characters), so ties in a count sort by name in numpy."""
    names = [line.partition(b"\t")[2] for line in lines]
    ranks = np.empty(len(lines), dtype=np.int64)
    ranks[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    return ranks


_tables: SharedLru[EntityTable] = SharedLru(
    lambda: CACHED_MENTIONS, weigh=lambda table: len(table.codes)
)


def entity_table(leaf: IndexReader) -> EntityTable:
    """The table of the reader's segment, read once per segment."""

    def read() -> EntityTable:
        size = int(leaf.doc_count_all())
        values: list[bytes] = []
        if leaf.has_column(ENTITY_KEYS_FIELD):
            values = list(leaf.column_reader(ENTITY_KEYS_FIELD))[:size]
        return EntityTable(values + [b""] * (size - len(values)))

    return _tables.get_or_make(leaf.segment().segment_id(), read)


def clear_entity_tables() -> None:
    """Forget every table read (benchmarks start each run cold)."""
    _tables.clear()
