"""Whoosh 2.7's posting blocks, read in two steps: document numbers and weights first,
values (positions, character offsets) only for the documents that need them.

A block of a term's postings is one zlib-compressed protocol-2 pickle of the tuple
(document number deltas, weights, values). On a text field with positions each value
is a ``bytes`` object, which protocol 2 stores as a ``_codecs.encode`` call on a
string: the values are most of a block's bytes and most of its decoding time. The
scorer, the total and the facets need only numbers and weights; phrases need the
values of their candidate documents, snippets those of the shown hits. So a block is
decompressed only up to its values and the pickle is closed there; the whole block
is decoded when one of its documents' values is asked for.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec import whoosh3

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_BLOCK_LENGTH = struct.Struct("!i")
#: Where a block's values begin: the first ``bytes`` value's call of ``_codecs.encode``
#: (numbers and weights hold no call, and no byte of theirs can spell this).
_VALUES_START = b"c_codecs\nencode\n"
_MARK = ord("(")
#: A call that keeps its arguments: ``slice(text, "latin1")`` holds the value's text.
_KEEP_TEXT = b"c__builtin__\nslice\n"
#: Closes a pickle cut before its values: None for the values, the 3-tuple, stop.
_CLOSE = b"N\x87."
#: Pickled bytes per posting before the values at most: a 4-byte int and a float.
_HEAD_PER_POSTING = 14
_HEAD_SLACK = 64


@dataclass(frozen=True, slots=True)
class BlockSource:
    """Where one block's pickled data lies in its segment's posting file."""

    postfile: Any
    offset: int
    length: int
    compressed: bool
    count: int
    fixed: int | None

    def read(self) -> tuple[IntArray, FloatArray, list[bytes | None]]:
        """The whole block: numbers, weights and every posting's encoded value."""
        data = bytes(self.postfile.get(self.offset, self.length))
        return _decoded_whole(data, self.compressed, self.count, self.fixed)


def _decoded_whole(
    data: bytes, compressed: bool, count: int, fixed: int | None
) -> tuple[IntArray, FloatArray, list[bytes | None]]:
    """A block decoded whole, for the values of documents in it (phrases, snippets)."""
    if compressed:
        data = zlib.decompress(data)
    values: list[bytes | None]
    if fixed is None or fixed < 0:
        # A value apiece: each pickled ``_codecs.encode(text, "latin1")`` call becomes a
        # ``slice(text, "latin1")`` (a quarter of the decoding time), then ``encode``.
        loaded = pickle.loads(data.replace(_VALUES_START, _KEEP_TEXT, 1))
        values = [v.start.encode("latin-1") if type(v) is slice else v for v in loaded[2]]
    else:
        loaded = pickle.loads(data)
        values = _values(loaded[2], count, fixed)
    numbers = _checked(loaded, count)
    if numbers is None:
        raise ValueError("a posting block that does not hold what its header says")
    return numbers[0], numbers[1], values


#: One block: document numbers (of its segment), weights, where its values are (or the
#: values themselves), and its values if they were decoded with the rest.
Block = tuple[IntArray, FloatArray, "BlockSource | list[bytes | None]", "list[bytes | None] | None"]


def read_blocks(
    postfile: Any, start: int, size: int, fixed: int | None, whole: bool = False
) -> Iterator[Block]:
    """The blocks of a term's postings stored at ``start`` in ``postfile``: numbers and
    weights decoded, values left where they are (or decoded too: ``whole``).

    The layout: a magic tag, then per block a signed length (negative for the last), a
    pickled header (count, last id, best weight, compression, shortest and longest
    length) and the pickled, maybe compressed, data. The term's bytes are read at once:
    Whoosh's matcher reads each block's parts with several small reads.
    """
    raw = bytes(postfile.get(start, size))
    if raw[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    stream = io.BytesIO(raw)
    position = 4
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, _maxid, _maxweight, compression, _shortest, _longest = pickle.load(stream)
        end = position + _BLOCK_LENGTH.size + abs(length)
        data_start = stream.tell()
        source = BlockSource(
            postfile, start + data_start, end - data_start, bool(compression), count, fixed
        )
        data = raw[data_start:end]
        if whole:
            ids, weights, values = _decoded_whole(data, bool(compression), count, fixed)
            yield ids, weights, source, values
        else:
            ids, weights = _numbers(data, bool(compression), count)
            yield ids, weights, source, None
        if length < 0:
            return
        position = end


def _numbers(data: bytes, compressed: bool, count: int) -> tuple[IntArray, FloatArray]:
    """A block's document numbers and weights, from the head of its pickle when the
    values can be cut off there, else from the whole."""
    head = data
    if compressed:
        head = zlib.decompressobj().decompress(data, _HEAD_PER_POSTING * count + _HEAD_SLACK)
    cut = head.find(_VALUES_START)
    if cut > 0:
        if head[cut - 1] == _MARK:  # a tuple of over three values opens with a mark
            cut -= 1
        try:
            found = _checked(pickle.loads(head[:cut] + _CLOSE), count)
        except (pickle.UnpicklingError, ValueError, TypeError, IndexError, EOFError):
            found = None
        if found is not None:
            return found
    whole = _checked(_whole(data, compressed), count)
    if whole is None:
        raise ValueError("a posting block that does not hold what its header says")
    return whole


def _whole(data: bytes, compressed: bool) -> Any:
    return pickle.loads(zlib.decompress(data) if compressed else data)


def _checked(loaded: Any, count: int) -> tuple[IntArray, FloatArray] | None:
    """Numbers and weights as arrays if ``loaded`` has the shape of a block of ``count``."""
    if not isinstance(loaded, tuple) or len(loaded) < 2:
        return None
    deltas, weights = loaded[0], loaded[1]
    if not isinstance(deltas, tuple) or len(deltas) != count:
        return None
    if weights is None or isinstance(weights, float):
        weights = np.full(count, 1.0 if weights is None else weights)
    elif not isinstance(weights, tuple) or len(weights) != count:
        return None
    return np.cumsum(np.asarray(deltas, dtype=np.int64)), np.asarray(weights, dtype=np.float64)


def _values(values: Any, count: int, fixed: int | None) -> list[bytes | None]:
    """Whoosh's de-minified values: ``fixed`` bytes each, none, or one pickled apiece."""
    if fixed is not None and fixed == 0:
        return [None] * count
    if fixed is not None and fixed > 0:
        return [values[i : i + fixed] for i in range(0, len(values), fixed)]
    return list(values)


def single_postings(ids: Sequence[int], weights: Sequence[float], values: list[Any]) -> Block:
    """Postings read one by one (inlined in the term table, or an unknown layout) as a
    block whose values are already at hand."""
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), values, values
