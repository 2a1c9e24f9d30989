"""Turn a file's bytes into text and format metadata, one reader per format.

Readers are imported lazily so that listing or searching never pays for lxml,
pypdf or python-docx.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from briefing_reader.core.errors import ExtractionError, UnsupportedFormatError
from briefing_reader.core.model import Extracted

#: extension → (module under this package, format name)
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("plaintext", "txt"),
    ".text": ("plaintext", "txt"),
    ".md": ("markdown_reader", "md"),
    ".markdown": ("markdown_reader", "md"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".xhtml": ("html", "html"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx_reader", "docx"),
}

SUPPORTED_EXTENSIONS = frozenset(READERS)


def is_supported(path: Path) -> bool:
    """True when an importer exists for the file's extension."""
    return path.suffix.lower() in READERS


def extract(path: Path, data: bytes) -> Extracted:
    """Read ``data`` (the bytes of ``path``) with the reader for its extension.

    Raises ExtractionError with a one-line reason when nothing usable comes out.
    """
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise UnsupportedFormatError(
            f"unsupported format {suffix or '(no extension)'}; readable formats: {known}"
        )
    if not data:
        raise ExtractionError("empty file")
    module_name, _ = READERS[suffix]
    module = importlib.import_module(f"{__name__}.{module_name}")
    extracted: Extracted = module.read(data)
    if not extracted.text.strip():
        raise ExtractionError("no text found in the file")
    return extracted
