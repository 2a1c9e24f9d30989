"""One searcher's postings as arrays: what the scorer reads instead of Whoosh's matchers.

Whoosh scores a query one document at a time in Python (a matcher call, a length
lookup and a BM25 call per posting), and the app then walks the same postings again
for the total and the facets. Here a term's postings are decoded once, a block at a
time, into two arrays (document numbers and weights), kept in a bounded LRU, and each
scored field's document lengths are one array read straight from the index's length
column. A block's values (positions, character offsets) are decoded only when a
document in it is asked for (:mod:`blocks`). A term is looked up once in each segment's
term table and what is found serves every later question (its document count, its
blocks), so a library in several segments pays one lookup a segment, not one per
question. The searcher sees one generation of the index, so nothing here goes stale.
"""

from __future__ import annotations

import pickle
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.codec import whoosh3
from whoosh.reading import IndexReader, SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from briefing_reader.core.search.blocks import (
    Block,
    BlockSource,
    FloatArray,
    IntArray,
    read_blocks,
    single_postings,
)
from briefing_reader.core.search.lru import Lru
from briefing_reader.core.search.matching import _raw_postings
from briefing_reader.core.search.term_table import term_info

__all__ = ["CACHED_POSTINGS", "CACHED_VALUES", "FloatArray", "IntArray", "Postings", "leaves"]

#: Postings kept decoded per searcher (16 bytes each: some 16 MB at most).
CACHED_POSTINGS = 1_000_000
#: Postings whose encoded values (positions, character offsets) are kept per searcher,
#: a block at a time, for phrases and snippets (some 50–100 bytes each on a body
#: field: under 10 MB).
CACHED_VALUES = 100_000
#: A term in at most this many documents (eight blocks) is read with its values at once:
#: decoding its few blocks whole costs little more than their numbers, and the snippets of
#: the shown hits (or a phrase) would decode them whole again. Counted over the whole
#: index, not per segment: in four segments a term of 4,000 documents was decoded whole,
#: most of its values never asked for (16k library: and-queries' p50 4.4 → 3.9 ms).
READ_WHOLE_UP_TO = 1024
#: Terms whose place in the term tables is remembered per searcher (a few hundred bytes
#: each).
CACHED_LOOKUPS = 4096
#: Whoosh's one-byte document lengths → lengths.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class _Term:
    """A term's postings over the searcher's document numbers (ascending, deleted
    documents included), and where each block's values are: block *b* holds postings
    ``ends[b - 1]`` to ``ends[b]``."""

    ids: IntArray
    weights: FloatArray
    ends: IntArray
    values: list[BlockSource | list[bytes | None]]


@dataclass(frozen=True, slots=True)
class _Located:
    """Where a term is: each segment holding it (its place among the searcher's segments
    and its term table entry, None where that table is not Whoosh 2.7's and its own
    matcher must read it), and its document count over all of them (deleted documents
    included, as Whoosh counts)."""

    found: list[tuple[int, Any]]
    frequency: int


class Postings:
    """A searcher's term postings and field lengths as arrays over its document numbers."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.size = int(reader.doc_count_all())
        self._leaves = leaves(reader)
        self._lengths: dict[str, FloatArray] = {}
        self._located: Lru[_Located] = Lru(CACHED_LOOKUPS)
        self._terms: Lru[_Term] = Lru(CACHED_POSTINGS, weigh=lambda term: len(term.ids))
        self._values: Lru[list[bytes | None]] = Lru(CACHED_VALUES, weigh=len)
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset
                live[deleted[deleted < self.size]] = False
        #: True for each document that is not deleted.
        self.live = live

    def term(
        self, fieldname: str, btext: bytes, whole: bool = False
    ) -> tuple[IntArray, FloatArray]:
        """The term's document numbers (ascending, deleted ones included) and weights;
        ``whole`` decodes the values of its blocks as they are read (for a caller about
        to ask for the values of most of them)."""
        found = self._term(fieldname, btext, whole)
        return found.ids, found.weights

    def frequency(self, fieldname: str, btext: bytes) -> int:
        """How many documents hold the term (deleted ones included), from the same
        lookups that read its postings."""
        return self._locate(fieldname, btext).frequency

    def values_of(self, fieldname: str, btext: bytes, docnums: IntArray) -> list[bytes | None]:
        """The term's encoded posting value (positions, character offsets, as the index
        stores it) in each of ``docnums``, None where the term is not; only the blocks
        holding those documents are decoded."""
        found = self._term(fieldname, btext)
        wanted = np.asarray(docnums, dtype=np.int64)
        if not len(found.ids) or not len(wanted):
            return [None] * len(wanted)
        at = np.minimum(np.searchsorted(found.ids, wanted), len(found.ids) - 1)
        rows = np.flatnonzero(found.ids[at] == wanted)
        out: list[bytes | None] = [None] * len(wanted)
        if not len(rows):
            return out
        # Block by block: each decoded once, its documents picked out of it.
        blocks = np.searchsorted(found.ends, at[rows], side="right")
        order = np.argsort(blocks, kind="stable")
        rows, blocks = rows[order], blocks[order]
        inside = at[rows] - np.concatenate(([0], found.ends))[blocks]
        unique, first = np.unique(blocks, return_index=True)
        last = [*first[1:].tolist(), len(rows)]
        for block, low, high in zip(unique.tolist(), first.tolist(), last, strict=True):
            values = self._block_values(fieldname, btext, found, block)
            for row, index in zip(rows[low:high].tolist(), inside[low:high].tolist(), strict=True):
                out[row] = values[index]
        return out

    def _term(self, fieldname: str, btext: bytes, whole: bool = False) -> _Term:
        found = self._terms.get((fieldname, btext))
        if found is None:
            found = self._terms.put((fieldname, btext), self._read(fieldname, btext, whole))
        return found

    def _block_values(
        self, fieldname: str, btext: bytes, term: _Term, block: int
    ) -> list[bytes | None]:
        source = term.values[block]
        if not isinstance(source, BlockSource):
            return source
        key = (fieldname, btext, block)
        found = self._values.get(key)
        if found is None:
            found = self._values.put(key, source.read()[2])
        return found

    def _locate(self, fieldname: str, btext: bytes) -> _Located:
        key = (fieldname, btext)
        found = self._located.get(key)
        if found is None:
            found = self._located.put(key, _locate(self._leaves, fieldname, btext))
        return found

    def _read(self, fieldname: str, btext: bytes, whole: bool) -> _Term:
        """Decode the term's numbers and weights, block by block over the segments (and
        with ``whole``, or for a term in few documents, the values, kept with the other
        decoded values)."""
        parts_ids: list[IntArray] = []
        parts_weights: list[FloatArray] = []
        sources: list[BlockSource | list[bytes | None]] = []
        fixed = self.reader.schema[fieldname].format.fixed_value_size()
        located = self._locate(fieldname, btext)
        whole = whole or located.frequency <= READ_WHOLE_UP_TO
        for number, info in located.found:
            leaf, offset = self._leaves[number]
            blocks = term_blocks(leaf, fieldname, btext, fixed, whole, info)
            for ids, weights, source, values in blocks:
                if values is not None and isinstance(source, BlockSource):
                    self._values.put((fieldname, btext, len(sources)), values)
                parts_ids.append(ids + offset)
                parts_weights.append(weights)
                sources.append(source)
        if not parts_ids:
            empty = np.empty(0, dtype=np.int64)
            return _Term(empty, np.empty(0, dtype=np.float64), empty, [])
        ends = np.cumsum([len(part) for part in parts_ids]).astype(np.int64)
        return _Term(np.concatenate(parts_ids), np.concatenate(parts_weights), ends, sources)

    def lengths(self, fieldname: str) -> FloatArray:
        """Every document's length in ``fieldname`` as Whoosh's scorer sees it."""
        found = self._lengths.get(fieldname)
        if found is None:
            parts = [_leaf_lengths(leaf, fieldname) for leaf, _ in self._leaves]
            found = self._lengths[fieldname] = (
                np.concatenate(parts) if parts else np.zeros(0, dtype=np.float64)
            )
        return found


def _locate(segments: list[tuple[IndexReader, int]], fieldname: str, btext: bytes) -> _Located:
    """The term's entry in each segment's term table: one lookup a segment
    (:mod:`term_table`)."""
    found: list[tuple[int, Any]] = []
    frequency = 0
    for number, (leaf, _offset) in enumerate(segments):
        try:
            info = term_info(leaf._terms, fieldname, btext)
            if info is None:
                continue
            count = int(info.doc_frequency())
        except (AttributeError, KeyError, TypeError, ValueError, struct.error):
            if (fieldname, btext) not in leaf:
                continue
            info, count = None, int(leaf.doc_frequency(fieldname, btext))
        found.append((number, info))
        frequency += count
    return _Located(found, frequency)


def term_blocks(
    leaf: IndexReader,
    fieldname: str,
    btext: bytes,
    fixed: int | None,
    whole: bool = False,
    info: Any = None,
) -> list[Block]:
    """Every block of a term's postings in one segment: ids, weights, where the values
    are, and the values when decoded (``whole``, or postings read one by one). ``info``
    is the term's entry in the segment's term table (looked up here when not given)."""
    try:
        if info is None:
            info = leaf._terms.term_info(fieldname, btext)
        if not info.is_inlined():
            start, length = info.extent()
            size = length[0] if isinstance(length, tuple) else length  # 2.7.5 reads a 1-tuple
            return list(read_blocks(leaf._terms._postfile, start, size, fixed, whole))
    except TermNotFound:
        return []
    except (AttributeError, ValueError, TypeError, struct.error, pickle.UnpicklingError):
        pass  # not the layout read there: Whoosh's own matcher, posting by posting
    try:
        postings = _raw_postings(leaf, fieldname, btext)
    except TermNotFound:
        return []
    ids: list[int] = []
    weights: list[float] = []
    values: list[Any] = []
    while postings.is_active():
        ids.append(postings.id())
        weights.append(postings.weight())
        values.append(postings.value())
        postings.next()
    return [single_postings(ids, weights, values)] if ids else []


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
