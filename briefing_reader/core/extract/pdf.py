"""PDF reader: text per page with pypdf, wrapped lines rejoined into paragraphs.

pypdf gives one line per printed line and no paragraph marks, so paragraphs are rebuilt with a
few simple rules (see :func:`join_lines`). Encrypted files open only when their user password is
empty; truncated or damaged files fail with a short reason instead of a traceback.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from briefing_reader.core.dates import parse_date
from briefing_reader.core.errors import ExtractionError
from briefing_reader.core.model import Extracted

#: A complete PDF ends with %%EOF; some writers append a little padding after it.
_TAIL = 2048
_SENTENCE_END = (".", "!", "?", ":", "”", '"')
_MID_SENTENCE = ("-", ",", ";")
_OPENING = "“\"‘'([¿¡"
_LIST_START = re.compile(r"^(?:[•▪◦·*-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
#: A line shorter than this share of the page's longest line ends its paragraph (headings, last
#: lines), provided the next line starts with a capital.
_SHORT_LINE = 0.6

_OFFICE_PREFIX = re.compile(r"^\s*Microsoft\s+(?:Word|PowerPoint|Excel)\s*-\s*", re.I)
_FILE_EXTENSION = re.compile(r"\.(?:docx?|rtf|odt|pptx?|xlsx?|pdf|txt|html?|indd)$", re.I)
_JUNK_TITLE = re.compile(
    r"^(?:untitled(?: document)?|document\s*\d*|title|no title|new document|slide\s*\d*|\W*|\d*)$",
    re.I,
)

# pypdf logs every repaired oddity of a damaged file; the user gets one ExtractionError instead.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def read(data: bytes) -> Extracted:
    """Text and properties (title, author, creation date) of a PDF file."""
    _check_complete(data)
    reader = _open(data)
    pages, warnings = _page_texts(reader)
    paragraphs = [para for page in pages for para in join_lines(page)]
    if not paragraphs:
        if warnings:
            raise ExtractionError("damaged or truncated PDF: no page could be read")
        raise ExtractionError(
            "no text in this PDF (a scanned image? text recognition is not supported)"
        )
    info = _info(reader)
    return Extracted(
        text="\n\n".join(paragraphs),
        format="pdf",
        title=clean_title(info.get("/Title")),
        author=info.get("/Author"),
        published=parse_date(info.get("/CreationDate")),
        warnings=warnings,
    )


def _check_complete(data: bytes) -> None:
    """Refuse files that are not PDFs or have lost their end (pypdf would half-read them)."""
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("damaged or truncated PDF: it does not start like a PDF file")
    if b"%%EOF" not in data[-_TAIL:]:
        raise ExtractionError("damaged or truncated PDF: the end of the file is missing")


def _reason(exc: Exception) -> str:
    """First line of an exception's message, short enough for a status line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def _open(data: bytes) -> Any:
    """A PdfReader with its pages readable: decrypted with the empty password if needed."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types on broken files; not BaseException
        raise ExtractionError(f"damaged or truncated PDF: {_reason(exc)}") from exc
    if encrypted:
        try:
            decrypted = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ExtractionError("encrypted PDF: its encryption method is not supported") from exc
        except Exception as exc:
            raise ExtractionError(f"damaged or truncated PDF: {_reason(exc)}") from exc
        if not decrypted:  # PasswordType.NOT_DECRYPTED == 0
            raise ExtractionError("encrypted PDF: a password is needed to read it")
    return reader


def _page_texts(reader: Any) -> tuple[list[str], list[str]]:
    """Text of each page; a page that fails is skipped with a warning."""
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise ExtractionError(f"damaged or truncated PDF: {_reason(exc)}") from exc
    texts: list[str] = []
    failed: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            failed.append(number)
    warnings = []
    if failed:
        listed = ", ".join(map(str, failed[:10])) + ("…" if len(failed) > 10 else "")
        warnings.append(f"{len(failed)} page(s) could not be read: {listed}")
    return texts, warnings


def join_lines(page_text: str) -> list[str]:
    """Paragraphs of one page: wrapped lines joined, paragraph breaks kept.

    A new paragraph starts at a blank line, at a list item ("• ", "- ", "1. ", "a) "), and at a
    line starting with a capital letter when the line before ends in . ! ? : ” " or is short
    (under 60 % of the page's longest line: a heading, a paragraph's last line) without ending
    in - , or ;. Every other line break is a wrap and becomes a space. A word hyphenated across
    a wrap is rejoined when both sides are lowercase letters ("co-" + "operation" →
    "cooperation"); other hyphens are kept, without a space ("Indo-" + "Pacific").
    """
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = previous = ""
    for line in lines:
        if current and (not line or _is_break(previous, line, longest)):
            paragraphs.append(current)
            current = ""
        if line:
            current = _join(current, line) if current else line
        previous = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_break(previous: str, line: str, longest: int) -> bool:
    """Whether ``line`` starts a new paragraph after the non-blank line ``previous``."""
    if not previous or _LIST_START.match(line):
        return True
    if previous.endswith(_MID_SENTENCE):
        return False
    first = line.lstrip(_OPENING)[:1]
    if not first.isupper():
        return False
    return previous.endswith(_SENTENCE_END) or len(previous) < _SHORT_LINE * longest


def _join(before: str, line: str) -> str:
    """Join a wrapped line to its paragraph, repairing a hyphenated word."""
    if len(before) >= 2 and before.endswith("-") and before[-2].isalpha():
        if before[-2].islower() and line[0].islower():
            return before[:-1] + line
        return before + line
    return f"{before} {line}"


def _info(reader: Any) -> dict[str, str]:
    """The document information dictionary as plain strings; empty when unreadable."""
    try:
        metadata = reader.metadata or {}
        items = {key: metadata.get(key) for key in ("/Title", "/Author", "/CreationDate")}
    except Exception:  # a broken /Info must not cost the text
        return {}
    values = {key: " ".join(str(value).split()) for key, value in items.items() if value}
    return {key: value for key, value in values.items() if value}


def clean_title(title: str | None) -> str | None:
    """The /Title property, unless it is a placeholder ("untitled") or a file name's leftovers.

    "Microsoft Word - Briefing.docx" gives "Briefing".
    """
    if not title:
        return None
    title = _FILE_EXTENSION.sub("", _OFFICE_PREFIX.sub("", title)).strip()
    if _JUNK_TITLE.match(title):
        return None
    return title
