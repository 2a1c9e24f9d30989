"""One searcher's postings as arrays: what the scorer reads instead of Whoosh's matchers.

Whoosh scores a query one document at a time in Python (a matcher call, a length
lookup and a BM25 call per posting), and the app then walks the same postings again
for the total and the facets. Here a term's postings are decoded once, a block at a
time, into two arrays (document numbers and weights), kept in a bounded LRU, and each
scored field's document lengths are one array read straight from the index's length
column. The searcher sees one generation of the index, so nothing here goes stale.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec import whoosh3
from whoosh.reading import IndexReader, SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from briefing_reader.core.search.lru import Lru
from briefing_reader.core.search.matching import _raw_postings

#: Postings kept decoded per searcher (16 bytes each: some 16 MB at most).
CACHED_POSTINGS = 1_000_000
#: Postings whose encoded values (positions, character offsets) are kept per searcher,
#: for phrases and snippets (some 50–100 bytes each on a body field: under 10 MB).
CACHED_VALUES = 100_000
#: Whoosh's one-byte document lengths → lengths.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

_BLOCK_LENGTH = struct.Struct("!i")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Postings:
    """A searcher's term postings and field lengths as arrays over its document numbers."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.size = int(reader.doc_count_all())
        self._leaves = leaves(reader)
        self._lengths: dict[str, FloatArray] = {}
        self._arrays: Lru[tuple[IntArray, FloatArray]] = Lru(
            CACHED_POSTINGS, weigh=lambda found: len(found[0])
        )
        self._values: Lru[tuple[IntArray, list[bytes]]] = Lru(
            CACHED_VALUES, weigh=lambda found: len(found[0])
        )
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset
                live[deleted[deleted < self.size]] = False
        #: True for each document that is not deleted.
        self.live = live

    def term(self, fieldname: str, btext: bytes) -> tuple[IntArray, FloatArray]:
        """The term's document numbers (ascending, deleted ones included) and weights."""
        found = self._arrays.get((fieldname, btext))
        if found is None:
            found = self._read(fieldname, btext)
        return found

    def values(self, fieldname: str, btext: bytes) -> tuple[IntArray, list[bytes]]:
        """The term's document numbers and, for each, its encoded posting value
        (positions, character offsets) as the index stores it."""
        found = self._values.get((fieldname, btext))
        if found is None:
            self._read(fieldname, btext)
            found = self._values.get((fieldname, btext))
        assert found is not None
        return found

    def _read(self, fieldname: str, btext: bytes) -> tuple[IntArray, FloatArray]:
        """Decode the term's postings; the values come with the same blocks, so they are
        kept too (in a smaller cache: they are bigger)."""
        parts_ids: list[Any] = []
        parts_weights: list[Any] = []
        values: list[bytes] = []
        fixed = self.reader.schema[fieldname].format.fixed_value_size()
        for leaf, offset in self._leaves:
            for ids, weights, block_values in term_blocks(leaf, fieldname, btext, fixed):
                parts_ids.append(np.asarray(ids, dtype=np.int64) + offset)
                parts_weights.append(np.asarray(weights, dtype=np.float64))
                values += block_values
        if parts_ids:
            found = (np.concatenate(parts_ids), np.concatenate(parts_weights))
        else:
            found = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        self._arrays.put((fieldname, btext), found)
        self._values.put((fieldname, btext), (found[0], values))
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


Block = tuple[Sequence[int] | IntArray, Sequence[float], list[bytes]]


def term_blocks(
    leaf: IndexReader, fieldname: str, btext: bytes, fixed: int | None
) -> Iterator[Block]:
    """Every block of a term's postings in one segment: ids, weights, encoded values."""
    try:
        terms = leaf._terms
        info = terms.term_info(fieldname, btext)
        if not info.is_inlined():
            start, length = info.extent()
            size = length[0] if isinstance(length, tuple) else length  # 2.7.5 reads a 1-tuple
            blocks = list(_w3_blocks(terms._postfile.get(start, size), fixed))
            yield from blocks
            return
    except TermNotFound:
        return
    except (AttributeError, ValueError, TypeError, struct.error, pickle.UnpicklingError):
        pass  # not the layout read there: Whoosh's own matcher, posting by posting
    try:
        postings = _raw_postings(leaf, fieldname, btext)
    except TermNotFound:
        return
    while postings.is_active():
        yield [postings.id()], [postings.weight()], [postings.value()]
        postings.next()


def _w3_blocks(data: bytes, fixed: int | None) -> Iterator[Block]:
    """The blocks of Whoosh 2.7's posting format, from one read of the term's bytes.

    Whoosh's matcher reads each block's length, header and data with several small
    file reads and unpickles the header on its own; a fuzzy word's hundred terms spent
    more time there than decoding. The layout: a magic tag, then per block a signed
    length (negative for the last), a pickled header (count, last id, best weight,
    compression, shortest and longest length) and the pickled, maybe compressed, tuple
    of document number deltas, weights and values (``fixed`` bytes each, or pickled).
    """
    raw = bytes(data)
    if raw[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    stream = io.BytesIO(raw)
    position = 4
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, _maxid, _maxweight, compression, _shortest, _longest = pickle.load(stream)
        end = position + _BLOCK_LENGTH.size + abs(length)
        data = raw[stream.tell() : end]
        ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)[:3]
        ids = np.cumsum(np.asarray(ids, dtype=np.int64))
        if weights is None or isinstance(weights, float):
            weights = [1.0 if weights is None else weights] * count
        if fixed is not None and fixed == 0:
            values = [None] * count
        elif fixed is not None and fixed > 0:
            values = [values[i : i + fixed] for i in range(0, len(values), fixed)]
        yield ids, weights, list(values)
        if length < 0:
            return
        position = end


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
