"""Plain-text reader."""

from __future__ import annotations

from briefing_reader.core.extract.decode import decode_bytes
from briefing_reader.core.model import Extracted


def read(data: bytes) -> Extracted:
    """Decode the bytes; metadata comes later from the text itself."""
    decoded = decode_bytes(data)
    return Extracted(text=decoded.text, format="txt", warnings=decoded.warnings)
