"""Bytes → str for text-like files, with charset detection for non-UTF-8 input."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from briefing_reader.core.errors import ExtractionError

#: Share of control bytes above which a file is treated as binary, not text.
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE = 64 * 1024
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _looks_like_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL for Latin text."""
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _is_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls / max(1, len(sample)) > _BINARY_CONTROL_SHARE


def _decode_mixed(data: bytes) -> Decoded | None:
    """Mostly UTF-8 with a few legacy lines: decode line by line.

    Files pasted together from several sources often mix UTF-8 with cp1252;
    per-line decoding keeps every UTF-8 line exact instead of mis-decoding all.
    """
    lines = data.split(b"\n")
    bad = 0
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            bad += 1
            out.append(line.decode("cp1252", errors="replace"))
    if bad == 0 or bad > max(2, len(lines) // 5):
        return None
    return Decoded(
        "\n".join(out),
        "utf-8+cp1252",
        [f"mixed encodings: {bad} of {len(lines)} lines were not UTF-8 and were read as cp1252"],
    )


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file: BOM, then strict UTF-8, then mixed lines, then detection."""
    if not data:
        raise ExtractionError("empty file")
    bom = _bom_encoding(data)
    if bom:
        try:
            return Decoded(data.decode(bom), bom)
        except UnicodeDecodeError as exc:
            raise ExtractionError(f"damaged {bom} text: {exc.reason} at byte {exc.start}") from exc
    sample = data[:_SAMPLE]
    utf16 = _looks_like_utf16(sample)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if _is_binary(sample):
        raise ExtractionError("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed:
        return mixed
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError("cannot tell the text encoding (binary or damaged file)")
    encoding = best.encoding
    return Decoded(str(best), encoding, [] if encoding in ("ascii",) else [f"read as {encoding}"])
