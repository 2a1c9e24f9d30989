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
        return lambda docs, values: _decoded(docs, values, _character_deltas)
    if encode is formats.Positions.encode:
        return lambda docs, values: _decoded(docs, values, _position_deltas)
    return lambda docs, values: _generic(field_format, docs, values)


def _decoded(
    docs: IntArray,
    values: list[bytes | None],
    deltas_of: Callable[[list[list[Any]]], IntArray],
) -> tuple[IntArray, IntArray]:
    """Each occurrence's document and position, from values holding pickled lists of
    position deltas (each document's list restarts at 0)."""
    codes = [_unpickled(value) for value in values]
    counts = np.fromiter(map(len, codes), dtype=np.int64, count=len(codes))
    deltas = deltas_of(codes)
    if not len(deltas):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    running = np.cumsum(deltas)
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    return np.repeat(docs, counts), running - np.repeat(before, counts)


def _unpickled(value: bytes | None) -> list[Any]:
    if value is None:
        return []
    try:
        found: list[Any] = pickle.loads(value[_COUNT_SIZE:])
    except (pickle.UnpicklingError, EOFError):  # stored without its final stop
        found = pickle.loads(value[_COUNT_SIZE:] + b".")
    return found


def _character_deltas(codes: list[list[Any]]) -> IntArray:
    """Characters: (position delta, start delta, length) per occurrence."""
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(codes)), dtype=np.int64)
    return flat[::3]


def _position_deltas(codes: list[list[Any]]) -> IntArray:
    return np.fromiter(chain.from_iterable(codes), dtype=np.int64)


def _generic(
    field_format: Format, docs: IntArray, values: list[bytes | None]
) -> tuple[IntArray, IntArray]:
    found = [field_format.decode_positions(v) if v is not None else [] for v in values]
    counts = [len(positions) for positions in found]
    at = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=sum(counts))
    return np.repeat(docs, counts), at
