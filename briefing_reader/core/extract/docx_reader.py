"""DOCX reader: body paragraphs and tables in document order, plus the core properties."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from briefing_reader.core.errors import ExtractionError
from briefing_reader.core.model import Extracted, PartialDate

#: python-docx's blank template carries these; they describe the template, not the document.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)


def read(data: bytes) -> Extracted:
    """Paragraphs (empty ones skipped) and table rows ("cell | cell") separated by blank lines."""
    document = _open(data)
    try:
        paragraphs = [text for block in _blocks(document.element.body) for text in _texts(block)]
    except Exception as exc:  # a malformed part surfaces only while reading it
        raise ExtractionError(f"damaged DOCX file: {_reason(exc)}") from exc
    title, author, published = _properties(document)
    return Extracted(
        text="\n\n".join(paragraphs),
        format="docx",
        title=title,
        author=author,
        published=published,
    )


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def _open(data: bytes) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractionError("damaged DOCX file: not a ZIP package (an old .doc file?)") from exc
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors, …
        raise ExtractionError(f"damaged DOCX file: {_reason(exc)}") from exc


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body in order, including those inside content controls."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    no_parent: Any = None  # only the text is read: no story part is needed
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, no_parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, no_parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _texts(block: Any) -> list[str]:
    """A paragraph's text, or a table's rows (one paragraph each); empty ones left out."""
    from docx.table import Table

    texts = [_row_text(row) for row in block.rows] if isinstance(block, Table) else [block.text]
    return [text.strip() for text in texts if text.strip()]


def _row_text(row: Any) -> str:
    """Non-empty cell texts of a row; a cell merged across columns counts once."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    texts = (" ".join(cell.text.split()) for cell in cells)
    return " | ".join(text for text in texts if text)


def _properties(document: Any) -> tuple[str | None, str | None, PartialDate | None]:
    """Title, author and creation date from the core properties, placeholders dropped."""
    try:
        props = document.core_properties
        title, author, created = props.title, props.author, props.created
    except Exception:  # a broken core.xml must not cost the text
        return None, None, None
    title = " ".join((title or "").split()) or None
    author = " ".join((author or "").split()) or None
    if author == _TEMPLATE_AUTHOR:
        author = None
    published = None
    if isinstance(created, dt.datetime) and created != _TEMPLATE_CREATED:
        published = PartialDate(created.year, created.month, created.day)
    return title, author, published
