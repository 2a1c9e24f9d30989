"""One file read safely and turned into a document (text, title, metadata).

Kept apart from the import itself so the file reader process (``file_worker``) loads
only what reading needs.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from briefing_reader.core.errors import ExtractionError
from briefing_reader.core.extract import extract
from briefing_reader.core.metadata import extract_text_metadata
from briefing_reader.core.model import Document
from briefing_reader.core.paths import readable
from briefing_reader.core.textnorm import normalise_text, shorten

#: Files larger than this are refused: a briefing document is never this big, and
#: the reading view and analysis would struggle. Override with ``max_bytes``.
_MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * _MB

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is, or None for a regular file or folder."""
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), None)


def read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(
                f"file is {size / _MB:.1f} MB, larger than the {max_bytes / _MB:.0f} MB limit "
                "for one document"
            )
        # O_NONBLOCK: a pipe swapped in after the check cannot block the open.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if kind := special_kind(os.fstat(handle.fileno()).st_mode):
                raise ExtractionError(f"is {kind}, not a regular file; it was not read")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ExtractionError("file disappeared before it could be read") from exc
    except IsADirectoryError as exc:
        raise ExtractionError("is a folder, not a file") from exc
    except PermissionError as exc:
        raise ExtractionError("permission denied") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ExtractionError("file grew past the size limit while being read")
    return data


def build_document(path: Path, data: bytes) -> tuple[Document, list[str]]:
    """Extract, normalise and find metadata; the id and copy are filled in later."""
    extracted = extract(path, data)
    text = normalise_text(extracted.text)
    meta = extract_text_metadata(text)
    text = meta.text
    if not text.strip():
        raise ExtractionError("no text left after removing metadata")
    title = extracted.title or meta.title or shorten(readable(path.stem).replace("_", " "))
    doc = Document(
        id=0,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=shorten(" ".join(title.split()), 200),
        text=text,
        source=extracted.source or meta.source,
        author=extracted.author or meta.author,
        published=extracted.published or meta.published,
        dateline=meta.dateline,
        file_name=readable(path.name),
        file_format=extracted.format,
        origin_path=readable(path.resolve()),
    )
    return doc, extracted.warnings
