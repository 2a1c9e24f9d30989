"""Each index segment's words of a field, sorted, with how many documents hold each.

Fuzzy and wildcard terms are expanded against these lists. Segments never change, so a
segment's vocabulary stays valid until a merge replaces the segment; vocabularies are
kept by segment id in a small LRU, shared by every searcher (and thread) of the process.
"""

from __future__ import annotations

import bisect
import struct
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
from whoosh import fields
from whoosh.reading import SegmentReader

from briefing_reader.core.search.lru import SharedLru

#: Words kept over all cached vocabularies (about 75 bytes each: some 19 MB); the
#: least recently used vocabularies (merged-away segments first) fall out beyond it.
#: The bound grows to hold every vocabulary of the index's current segments that was read
#: (and twice the largest one): below that, a fuzzy query over the title and the body of
#: two segments reads them all again every time, each pushing out another (64,000
#: documents in two segments: 0.65 s a fuzzy word).
CACHED_WORDS = 250_000
#: Expansions remembered per vocabulary (repeated keystrokes ask for the same ones).
CACHED_EXPANSIONS = 256

T = TypeVar("T")


class Vocabulary(Generic[T]):
    """One field's words in one segment, sorted, and the expansions asked of it."""

    def __init__(self, words: list[str], frequencies: list[int]) -> None:
        self.words = words
        self.frequencies = frequencies
        self._expansions: OrderedDict[tuple[object, ...], T] = OrderedDict()
        self._lock = threading.Lock()

    def starting_with(self, prefix: str) -> tuple[list[str], list[int]]:
        """The words beginning with ``prefix`` and their document frequencies."""
        if not prefix:
            return self.words, self.frequencies
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff", low)
        return self.words[low:high], self.frequencies[low:high]

    def cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._expansions.get(key)
            if found is not None:
                self._expansions.move_to_end(key)
                return found
        value = compute()
        with self._lock:
            self._expansions[key] = value
            while len(self._expansions) > CACHED_EXPANSIONS:
                self._expansions.popitem(last=False)
        return value


_largest_read = 0
#: Words of each vocabulary read, by (segment id, field), for the current segments only.
_words_read: dict[tuple[str, str], int] = {}
_live_segments: frozenset[str] = frozenset()
_bound_lock = threading.Lock()


def _words_bound() -> int:
    with _bound_lock:
        working_set = sum(
            words for (segment, _), words in _words_read.items() if segment in _live_segments
        )
    return max(CACHED_WORDS, 2 * _largest_read, working_set)


def live_segments(segment_ids: Iterable[str]) -> None:
    """The segments of the index being searched: their vocabularies are the working set
    the cache must hold. Records of other segments (merged away) are dropped."""
    global _live_segments
    with _bound_lock:
        _live_segments = frozenset(segment_ids)
        for key in [key for key in _words_read if key[0] not in _live_segments]:
            del _words_read[key]


_vocabularies: SharedLru[Vocabulary[object]] = SharedLru(
    _words_bound, weigh=lambda vocabulary: len(vocabulary.words)
)


def segment_vocabulary(reader: SegmentReader, fieldname: str) -> Vocabulary[object]:
    """The words of ``fieldname`` in the reader's segment, read once per segment."""
    segment_id = reader.segment().segment_id()

    def read() -> Vocabulary[object]:
        found = read_lexicon(reader, fieldname)
        if found is None:
            raw = list(reader.lexicon(fieldname))
            frequencies = [int(reader.doc_frequency(fieldname, b)) for b in raw]
        else:
            raw, frequencies = found
        global _largest_read
        with _bound_lock:
            _largest_read = max(_largest_read, len(raw))
            if segment_id in _live_segments:
                _words_read[(segment_id, fieldname)] = len(raw)
        return Vocabulary(_decoded(reader, fieldname, raw), frequencies)

    return _vocabularies.get_or_make((segment_id, fieldname), read)


def _decoded(reader: SegmentReader, fieldname: str, raw: list[bytes]) -> list[str]:
    """Text terms are UTF-8: decoded in one call (a call per word costs a tenth of a
    second on a large body field); other fields through the field's own decoder."""
    field = reader.schema[fieldname]
    if not raw:
        return []
    if isinstance(field, fields.TEXT | fields.KEYWORD | fields.ID):
        joined = b"\x00".join(raw)
        if joined.count(b"\x00") == len(raw) - 1:  # no word holds the separator
            return joined.decode("utf-8").split("\x00")
    return [field.from_bytes(word) for word in raw]


def clear_vocabularies() -> None:
    """Forget every vocabulary read (benchmarks start each run cold)."""
    _vocabularies.clear()
    with _bound_lock:
        _words_read.clear()


_RECORD = struct.Struct("!ii")  # key length, value length: whoosh.filedb.filetables
_FIELD_NUMBER = struct.Struct("!H")
#: Where a W3TermInfo record keeps the document frequency (after a flag byte and a float).
_DOC_FREQUENCY = struct.Struct("!I")
_DOC_FREQUENCY_AT = 5
#: Type codes of the table's array of key positions (struct's, stored big-endian).
_POSITION_TYPES = {"B", "H", "i", "I", "q"}

IntArray = npt.NDArray[np.int64]


def read_lexicon(reader: SegmentReader, fieldname: str) -> tuple[list[bytes], list[int]] | None:
    """The field's terms and document frequencies, read from the segment's term file in
    one slice.

    ``reader.lexicon`` costs a few microseconds a word in generators and seeks (a fifth of
    a second for a body field of 40,000 words, and as much again for the frequencies);
    this reads the same records of Whoosh 2.7's ordered term table directly. None when
    the layout is not that one.
    """
    try:
        terms = reader._terms
        table = terms._tindex
        if fieldname not in terms._fieldmap:
            return [], []  # no document of this segment has words in the field
        number = terms._fieldmap[fieldname]
        start = table.closest_key_pos(_FIELD_NUMBER.pack(number))
        if start is None:
            return [], []
        end = table.closest_key_pos(_FIELD_NUMBER.pack(number + 1)) if number < 65534 else None
        data = table.dbfile.get(start, (table.endofdata if end is None else end) - start)
    except (AttributeError, KeyError, TypeError):
        return None
    starts = _record_starts(table, start, start + len(data))
    if starts is not None:
        found = _records_at(data, starts - start)
        if found is not None:
            return found
    words: list[bytes] = []
    frequencies: list[int] = []
    unpack = _RECORD.unpack_from
    frequency_at = _DOC_FREQUENCY.unpack_from
    position, size = 0, len(data)
    while position < size:
        key_length, value_length = unpack(data, position)
        key_start = position + _RECORD.size
        value_start = key_start + key_length
        words.append(data[key_start + _FIELD_NUMBER.size : value_start])
        frequencies.append(frequency_at(data, value_start + _DOC_FREQUENCY_AT)[0])
        position = value_start + value_length
    return words, frequencies


def _record_starts(table: Any, start: int, end: int) -> IntArray | None:
    """Where each record between ``start`` and ``end`` begins, from the table's own array
    of key positions (Whoosh's ordered hash file keeps one, for its binary search)."""
    try:
        typecode = table.extras["indextype"]
        if typecode not in _POSITION_TYPES:
            return None
        raw = table.dbfile.get(table.indexbase, table.indexlen * table.indexsize)
    except (AttributeError, KeyError, TypeError):
        return None
    positions = np.frombuffer(bytes(raw), dtype=np.dtype(">" + typecode)).astype(np.int64)
    low, high = np.searchsorted(positions, [start, end])
    return positions[low:high]


def _records_at(data: bytes, starts: IntArray) -> tuple[list[bytes], list[int]] | None:
    """The words and frequencies of the records at ``starts`` in ``data``, read with
    numpy; None unless the records follow one another exactly from the first byte."""
    if not len(starts) or starts[0] != 0:
        return None
    buffer = np.frombuffer(data, dtype=np.uint8)
    key_lengths = _big_endian(buffer, starts)
    value_lengths = _big_endian(buffer, starts + 4)
    ends = starts + _RECORD.size + key_lengths + value_lengths
    if np.any(ends[:-1] != starts[1:]) or ends[-1] != len(data):
        return None
    key_starts = starts + _RECORD.size + _FIELD_NUMBER.size
    value_starts = starts + _RECORD.size + key_lengths
    if np.any(value_lengths < _DOC_FREQUENCY_AT + _DOC_FREQUENCY.size):
        return None
    frequencies = _big_endian(buffer, value_starts + _DOC_FREQUENCY_AT)
    words = [
        data[low:high] for low, high in zip(key_starts.tolist(), value_starts.tolist(), strict=True)
    ]
    return words, frequencies.tolist()


def _big_endian(buffer: npt.NDArray[np.uint8], at: IntArray) -> IntArray:
    """The 4-byte big-endian unsigned numbers at each of ``at`` in ``buffer``."""
    gathered = buffer[at[:, None] + np.arange(4)].astype(np.int64)
    found: IntArray = (
        (gathered[:, 0] << 24) | (gathered[:, 1] << 16) | (gathered[:, 2] << 8) | gathered[:, 3]
    )
    return found
