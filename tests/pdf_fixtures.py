"""Minimal, valid PDF files built byte by byte, so the PDF tests need no binary fixtures."""

from __future__ import annotations

from collections.abc import Sequence

_LEADING = 14  # points between lines


def _literal(text: str) -> bytes:
    """A PDF literal string: cp1252 bytes (the font's WinAnsiEncoding), special bytes escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(lines: Sequence[str]) -> bytes:
    """A content stream writing ``lines`` top-down in 11 pt Helvetica; "" leaves a blank line."""
    ops = [b"BT", b"/F1 11 Tf", f"{_LEADING} TL".encode(), b"72 750 Td"]
    for line in lines:
        if line:
            ops.append(_literal(line) + b" Tj")
        ops.append(b"T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def _drawing() -> bytes:
    """A content stream with a filled rectangle and no text, like a scanned page's image."""
    return b"0.2 0.4 0.8 rg 72 500 300 200 re f"


def make_pdf(
    pages: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    creation_date: str | None = None,
    text: bool = True,
) -> bytes:
    """A PDF with one page per entry of ``pages`` (lines of text) and an /Info dictionary.

    With ``text=False`` every page only draws a rectangle. ``creation_date`` is a PDF date
    such as ``D:20241212093000+09'00'``.
    """
    page_count = len(pages)
    first_page = 4
    info_number = first_page + 2 * page_count
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(page_count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        content_number = first_page + 2 * index + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {content_number} 0 R >>".encode()
        )
        stream = _content(lines) if text else _drawing()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    info = [
        b"/" + key.encode() + b" " + _literal(value)
        for key, value in (("Title", title), ("Author", author), ("CreationDate", creation_date))
        if value is not None
    ]
    objects.append(b"<< " + b" ".join(info) + b" >>")
    return _assemble(objects, info_number)


def _assemble(objects: list[bytes], info_number: int) -> bytes:
    """Header, numbered objects, a cross-reference table with exact offsets, trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_number} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)
