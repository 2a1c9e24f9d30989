"""Which candidate documents hold a phrase's words side by side.

The scorer finds the documents holding every word of a phrase from posting arrays;
only those are checked here, from the positions of the posting blocks that hold them.
A phrase of common words has thousands of candidates: their positions are read into
arrays and matched with numpy, not set by set.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.formats import Format

from briefing_reader.core.search.postings import IntArray, Postings

#: A document's positions as keys ``docnum * _STRIDE + position`` (positions stay far
#: below it; a start before a document's first word cannot reach the one before).
_STRIDE = 1 << 32
#: Whoosh's encoded positions begin with their count (a 4-byte int).
_COUNT_SIZE = 4

PositionArrays = Callable[[IntArray, list[bytes | None]], tuple[IntArray, IntArray]]


def phrase_documents(
    postings: Postings,
    fieldname: str,
    field_format: Format,
    words: Sequence[bytes],
    candidates: IntArray,
) -> IntArray:
    """The ``candidates`` (ascending document numbers holding every word) in which
    the words follow one another: word *i* at position *p + i* for some *p*.

    Word by word, only the documents still in the running have their positions read,
    so the later words decode only the posting blocks of those documents."""
    positions = _position_arrays(field_format)
    left = np.asarray(candidates, dtype=np.int64)
    starts: IntArray | None = None
    for shift, word in enumerate(words):
        docs, at = positions(left, postings.values_of(fieldname, word, left))
        keys = docs * _STRIDE + at - shift
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
        left = np.unique(starts // _STRIDE)
        if not len(left):
            break
    return left


def _position_arrays(field_format: Format) -> PositionArrays:
    """How to read a format's positions: Whoosh's two layouts by hand (for any format
    that encodes as they do), any other through the format's own decoder."""
    encode = type(field_format).encode
    if encode is formats.Characters.encode:
        return lambda docs, values: _decoded(docs, values, _CHARACTER_STRIDE)
    if encode is formats.Positions.encode:
        return lambda docs, values: _decoded(docs, values, 1)
    return lambda docs, values: _generic(field_format, docs, values)


#: Characters keep (position delta, start delta, length) per occurrence.
_CHARACTER_STRIDE = 3


def _decoded(docs: IntArray, values: list[bytes | None], stride: int) -> tuple[IntArray, IntArray]:
    """Each occurrence's document and position, from values holding pickled lists of
    position deltas (each document's list restarts at 0), every ``stride``-th number
    of the occurrences' numbers.

    Each value's list is read into one flat list of numbers and dropped at once: holding
    every value's lists and tuples to the end made thousands of containers at a time,
    which the garbage collector scanned again and again as they piled up (a quarter of a
    common phrase's time at 64,000 documents)."""
    counts: list[int] = []
    flat: list[int] = []
    for value in values:
        code = _unpickled(value)
        counts.append(len(code))
        flat.extend(chain.from_iterable(code) if stride > 1 else code)
    deltas = np.asarray(flat, dtype=np.int64)[::stride]
    if not len(deltas):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    sizes = np.asarray(counts, dtype=np.int64)
    running = np.cumsum(deltas)
    before = np.concatenate(([0], running))[np.cumsum(sizes) - sizes]
    return np.repeat(docs, sizes), running - np.repeat(before, sizes)


def _unpickled(value: bytes | None) -> list[Any]:
    if value is None:
        return []
    try:
        found: list[Any] = pickle.loads(value[_COUNT_SIZE:])
    except (pickle.UnpicklingError, EOFError):  # stored without its final stop
        found = pickle.loads(value[_COUNT_SIZE:] + b".")
    return found


def _generic(
    field_format: Format, docs: IntArray, values: list[bytes | None]
) -> tuple[IntArray, IntArray]:
    found = [field_format.decode_positions(v) if v is not None else [] for v in values]
    counts = [len(positions) for positions in found]
    at = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=sum(counts))
    return np.repeat(docs, counts), at
