"""``briefing-reader://`` links: what exported notes point at, and what the desktop opens.

``briefing-reader://doc/42`` names a document of the library, and
``briefing-reader://doc/42#annotation=UID`` one of its highlights. Exported notes write them
(:func:`link`), the desktop hands them to the app (``x-scheme-handler/briefing-reader``), and
:func:`parse_link` reads them back with an error that says what is wrong with the link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from briefing_reader.core.errors import BriefingError

SCHEME = "briefing-reader"
#: Longer links are refused outright: a link is a few dozen characters.
MAX_LINK_LENGTH = 2048
_UID = re.compile(r"[A-Za-z0-9_.:-]{1,200}")


class LinkError(BriefingError, ValueError):
    """A ``briefing-reader://`` link that names no document."""


@dataclass(frozen=True, slots=True)
class DocLink:
    doc_id: int
    annotation_uid: str | None = None


def link(doc_id: int, annotation_uid: str | None = None) -> str:
    target = f"{SCHEME}://doc/{doc_id}"
    return f"{target}#annotation={annotation_uid}" if annotation_uid else target


def is_link(text: str) -> bool:
    """Whether ``text`` is meant as a ``briefing-reader:`` link (well formed or not)."""
    return text[: len(SCHEME) + 1].lower() == f"{SCHEME}:"


def parse_link(text: str) -> DocLink:
    """The document (and highlight) a link names; :class:`LinkError` says why it names none."""
    text = text.strip()
    shown = text if len(text) <= 80 else text[:77] + "…"
    if len(text) > MAX_LINK_LENGTH:
        raise LinkError(f"link {shown!r} is too long ({len(text)} characters)")
    if not is_link(text):
        raise LinkError(f"{shown!r} is not a {SCHEME}:// link")
    parts = urlsplit(text)
    # Accept ``briefing-reader://doc/42`` and the host-less ``briefing-reader:doc/42``.
    path = f"{parts.netloc}{parts.path}" if parts.netloc else parts.path
    segments = [s for s in path.split("/") if s]
    if len(segments) != 2 or segments[0].lower() != "doc":
        raise LinkError(f"link {shown!r} names no document (expected {SCHEME}://doc/ID)")
    number = segments[1]
    if not number.isascii() or not number.isdigit() or int(number) <= 0:
        raise LinkError(f"link {shown!r}: {number!r} is not a document number")
    uid = _annotation(parts.fragment, shown)
    return DocLink(int(number), uid)


def _annotation(fragment: str, shown: str) -> str | None:
    if not fragment:
        return None
    values = parse_qs(fragment, keep_blank_values=True).get("annotation")
    if not values:
        return None  # other fragments (a reader's own anchors) only open the document
    uid = unquote(values[0]).strip()
    if not _UID.fullmatch(uid):
        raise LinkError(f"link {shown!r}: {uid!r} is not a note id")
    return uid
