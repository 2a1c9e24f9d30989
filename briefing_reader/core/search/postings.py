"""One searcher's postings as arrays: what the scorer reads instead of Whoosh's matchers.

Whoosh scores a query one document at a time in Python (a matcher call, a length
lookup and a BM25 call per posting), and the app then walks the same postings again
for the total and the facets. Here a term's postings are decoded once, a block at a
time, into two arrays (document numbers and weights), kept in a bounded LRU, and each
scored field's document lengths are one array read straight from the index's length
column. The searcher sees one generation of the index, so nothing here goes stale.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec import whoosh3
from whoosh.reading import IndexReader, SegmentReader
from whoosh.util.numeric import byte_to_length

from briefing_reader.core.search.matching import _block, _next_block, _raw_postings

#: Postings kept decoded per searcher (8 bytes each: some 8 MB).
CACHED_POSTINGS = 1_000_000
#: Whoosh's one-byte document lengths → lengths.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Postings:
    """A searcher's term postings and field lengths as arrays over its document numbers."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.size = int(reader.doc_count_all())
        self._leaves = leaves(reader)
        self._lengths: dict[str, FloatArray] = {}
        self._terms: OrderedDict[tuple[str, bytes], tuple[IntArray, FloatArray]] = OrderedDict()
        self._held = 0
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset
                live[deleted[deleted < self.size]] = False
        #: True for each document that is not deleted.
        self.live = live

    def term(self, fieldname: str, btext: bytes) -> tuple[IntArray, FloatArray]:
        """The term's document numbers (ascending, deleted ones included) and weights."""
        key = (fieldname, btext)
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
            return found
        parts_ids: list[Any] = []
        parts_weights: list[Any] = []
        for leaf, offset in self._leaves:
            if (fieldname, btext) not in leaf:
                continue
            postings = _raw_postings(leaf, fieldname, btext)
            while postings.is_active():
                ids, weights = _block(postings)
                parts_ids.append(np.asarray(ids, dtype=np.int64) + offset)
                parts_weights.append(np.asarray(weights, dtype=np.float64))
                if not _next_block(postings):
                    break
        if parts_ids:
            found = (np.concatenate(parts_ids), np.concatenate(parts_weights))
        else:
            found = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        self._terms[key] = found
        self._held += len(found[0])
        while self._held > CACHED_POSTINGS and len(self._terms) > 1:
            _, (dropped, _) = self._terms.popitem(last=False)
            self._held -= len(dropped)
        return found

    def lengths(self, fieldname: str) -> FloatArray:
        """Every document's length in ``fieldname`` as Whoosh's scorer sees it."""
        found = self._lengths.get(fieldname)
        if found is None:
            parts = [_leaf_lengths(leaf, fieldname) for leaf, _ in self._leaves]
            found = self._lengths[fieldname] = (
                np.concatenate(parts) if parts else np.zeros(0, dtype=np.float64)
            )
        return found


def leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    if isinstance(reader, SegmentReader):
        return [(reader, 0)]
    return sorted(reader.leaf_readers(), key=lambda leaf: leaf[1])


def _leaf_lengths(leaf: IndexReader, fieldname: str) -> FloatArray:
    """One segment's lengths: the raw bytes of its length column when it has the
    layout of Whoosh 2.7's, value by value otherwise."""
    size = int(leaf.doc_count_all())
    codes = np.zeros(size, dtype=np.uint8)
    column = leaf._perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    if column is not None:
        try:
            count = min(column._count, size)
            raw = column._dbfile.get(column._basepos, count * column._fixedlen)
            codes[:count] = np.frombuffer(bytes(raw), dtype=np.uint8)[:count]
        except (AttributeError, ValueError):
            codes[:] = np.fromiter((column[i] for i in range(size)), dtype=np.uint8, count=size)
    return _LENGTHS[codes]
