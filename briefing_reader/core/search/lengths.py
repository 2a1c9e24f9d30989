"""Field lengths for a segment's commit, read once per field instead of per posting.

At commit Whoosh writes each posting with its document's field length, asking the new
segment's per-document reader for it: one read of the length column per posting, and
for a field without lengths (numbers, ids, facets) a file-system ``stat`` per posting,
because that reader does not remember that the column is missing. Reading each length
column once into a list gives the same values at a fraction of the cost.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_MISSING: list[int | None] = []


class _SegmentLengths:
    """``doc_field_length`` as Whoosh's per-document reader answers it, from memory."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[str, list[int | None]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = self._read(fieldname)
        if lengths is _MISSING:
            return default
        return lengths[docnum]

    def _read(self, fieldname: str) -> list[int | None]:
        lenfield = _lenfield(fieldname)
        if not self._reader.has_column(lenfield):
            return _MISSING
        column = self._reader.column_reader(lenfield, LENGTHS_COLUMN)
        # a zero byte reads as None, as Whoosh's own reader answers it
        return [byte_to_length(byte) if byte else None for byte in column]


def _flush_segment(self: SegmentWriter) -> None:
    """``SegmentWriter._flush_segment`` with the lengths read once per field."""
    self.perdocwriter.close()
    reader = self.per_document_reader() if self.codec.length_stats else None
    lengths = _SegmentLengths(reader) if reader is not None else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if reader is not None:
        reader.close()


def remember_lengths(writer: Any) -> Any:
    """``writer`` with its commit reading field lengths once (other writers unchanged)."""
    if isinstance(writer, SegmentWriter):
        writer._flush_segment = MethodType(_flush_segment, writer)
    return writer
