"""Notes as Markdown: one document per file, or many in one, without losing the user's words.

An export has YAML front matter, then per document its key claims, highlights (quote,
colour meaning, #tags, note, a back-link) and entities. Between two marker comments
sits a "My notes" section that belongs to the user: re-exporting into the same file
carries over whatever they wrote there, and a file the export did not make is never
overwritten unless the caller says so. Files are written to a temporary file and
renamed into place, so a crash leaves the old file whole.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import stat
import tempfile
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing_reader.core.analysis.labels import NAMED_LABELS
from briefing_reader.core.claim_store import no_speaker_label
from briefing_reader.core.doc_links import link
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.model import (
    Annotation,
    Document,
    Entity,
    StoredClaim,
    key_claims,
    key_claims_chosen,
)

GENERATOR = "briefing-reader"
NOTES_START = "<!-- briefing-reader:my-notes doc={doc} — write below; kept on re-export -->"
NOTES_END = "<!-- briefing-reader:end-my-notes doc={doc} -->"
_NOTES_BLOCK = re.compile(
    r"<!-- briefing-reader:my-notes doc=(?P<doc>\d+)[^>]*-->(?P<body>.*?)"
    r"<!-- briefing-reader:end-my-notes doc=(?P=doc) -->",
    re.DOTALL,
)
_PLACEHOLDER = "_Your own notes: anything written here is kept when you export again._"
#: Characters that start emphasis, code or links anywhere in a line (backslash-escaped).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
#: Line openings that would turn plain text into a heading, list item or rule.
_LINE_START = re.compile(r"^(\s*)([#+\-])", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
TOP_ENTITIES = 12


class ExportError(BriefingError):
    """An export that would lose or overwrite something; the message says what."""


@dataclass(slots=True)
class DocumentNotes:
    """Everything one document contributes to an export."""

    document: Document
    annotations: list[Annotation] = field(default_factory=list)
    claims: list[StoredClaim] = field(default_factory=list)  # hidden ones included
    entities: list[Entity] = field(default_factory=list)


def escape_text(text: str) -> str:
    """Quoted document text, inert: no headings, lists, links, emphasis or HTML from it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED_ITEM.sub(r"\1\\\2", text)


def escape_note(note: str) -> str:
    """A user's Markdown note, kept as Markdown but unable to break the export's structure.

    Emphasis, lists and links the user wrote stay; raw HTML, headings (which would
    end the highlight's section) and our own marker comments are neutralised.
    """
    note = note.replace("<", "&lt;").replace(">", "&gt;")
    note = neutralise_links(note)
    note = re.sub(r"^(\s*)(#{1,6}\s)", r"\1\\\2", note, flags=re.MULTILINE)
    # A line of = or - under text would make that text a heading: start it with an entity.
    return re.sub(
        r"^(\s*)([=-])(\2*)\s*$",
        lambda m: f"{m.group(1)}&#{ord(m.group(2))};{m.group(3)}",
        note,
        flags=re.MULTILINE,
    )


#: Link targets that run code or smuggle content when the export is opened in a viewer.
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
#: Where a link's target starts: ``](target`` or a reference definition ``[label]: target``.
_LINK_TARGET = re.compile(r"(\]\(\s*)([^)\s]*)|^(\s{0,3}\[[^\]\n]+\]:\s*)(\S+)", re.MULTILINE)
_REMOVED_TARGET = "#unsafe-link-removed"


def _is_unsafe(target: str) -> bool:
    """True for a javascript:/data:/vbscript: target, however it is encoded or escaped."""
    plain = html.unescape(urllib.parse.unquote(target))
    plain = re.sub(r"\\(?=[^\w\s])|[\x00-\x20\x7f]", "", plain).lower()
    return plain.startswith(_UNSAFE_SCHEMES)


def neutralise_links(note: str) -> str:
    """Replace link targets that would run script (``javascript:`` …) with an inert anchor."""

    def replace(m: re.Match[str]) -> str:
        lead, target = (m.group(1), m.group(2)) if m.group(1) is not None else m.group(3, 4)
        return lead + (_REMOVED_TARGET if _is_unsafe(target) else target)

    return _LINK_TARGET.sub(replace, note)


def _front_matter(data: dict[str, object]) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def _claims(notes: DocumentNotes) -> list[str]:
    """The key claims, chosen as the window and ``claims --doc`` choose them."""
    best = key_claims(notes.claims)
    lines = ["### Key claims", ""]
    if not best:
        hid = any(c.hidden for c in notes.claims)
        return [*lines, "_No key claims: all were hidden._" if hid else "_No claims found._", ""]
    if not key_claims_chosen(notes.claims):
        lines += [
            "_An earlier analysis chose no key claims, so every claim follows; analysing the "
            "document again chooses them._",
            "",
        ]
    for claim in sorted(best, key=lambda c: c.start):
        speaker = claim.speaker or no_speaker_label(claim.kind)
        voice = "" if claim.attributed or not claim.speaker else " (editorial)"
        hedges = f" · hedged: {', '.join(claim.hedges)}" if claim.hedges else ""
        lines.append(
            f"- **{escape_text(speaker)}**{voice} · {claim.kind}{escape_text(hedges)}: "
            f"{escape_text(' '.join(claim.text.split()))}"
        )
    return [*lines, ""]


def _highlights(notes: DocumentNotes, meanings: dict[str, str]) -> list[str]:
    lines = ["### Highlights", ""]
    if not notes.annotations:
        return [*lines, "_No highlights._", ""]
    for a in notes.annotations:
        quote = escape_text(" ".join(a.exact.split()))
        lines.append(f"> {quote}")
        lines.append("")
        meaning = meanings.get(a.color, a.color)
        details = [f"{meaning} ({a.color})"]
        if a.orphaned:
            details.append("**orphaned**: the passage is no longer in the document")
        details += [f"#{t.replace(' ', '-')}" for t in a.tags]
        details.append(f"[open]({link(notes.document.id, a.uid)})")
        lines.append(" · ".join(details) + f' <a id="annotation-{a.uid}"></a>')
        lines.append("")
        if a.note.strip():
            lines += [escape_note(a.note.strip()), ""]
    return lines


#: What a reader calls each listed label (spaCy's "gpe" and "norp" mean nothing to most).
LABEL_NOUNS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country or city",
    "LOC": "place",
    "NORP": "nationality or group",
    "EQUIPMENT": "equipment",
    "LAW": "agreement or law",
    "EVENT": "event",
}


def _entities(notes: DocumentNotes) -> list[str]:
    lines = ["### Entities", ""]
    named = _named(notes.entities)
    if not named:
        return [*lines, "_None found._", ""]
    for entity in named:
        lines.append(
            f"- {escape_text(entity.canonical)} "
            f"({LABEL_NOUNS.get(entity.label, entity.label.lower())}, {entity.mentions}×)"
        )
    return [*lines, ""]


def _named(entities: Sequence[Entity]) -> list[Entity]:
    """The people, organisations, places and things worth listing (no dates or amounts)."""
    return [e for e in entities if not e.hidden and e.label in NAMED_LABELS][:TOP_ENTITIES]


def _my_notes(doc_id: int, kept: dict[int, str]) -> list[str]:
    body = kept.get(doc_id)
    if body is None:
        body = f"\n{_PLACEHOLDER}\n\n"
    return [
        "### My notes",
        "",
        NOTES_START.format(doc=doc_id) + body + NOTES_END.format(doc=doc_id),
        "",
    ]


def render_document_section(
    notes: DocumentNotes, meanings: dict[str, str], kept: dict[int, str], level: int = 2
) -> list[str]:
    doc = notes.document
    meta = " · ".join(
        x for x in (doc.source, doc.published.iso() if doc.published else None, doc.dateline) if x
    )
    heading = "#" * level
    lines = [f"{heading} {escape_text(doc.title)}", ""]
    if meta:
        lines += [f"{escape_text(meta)} · [open]({link(doc.id)})", ""]
    lines += _claims(notes)
    lines += _highlights(notes, meanings)
    lines += _entities(notes)
    lines += _my_notes(doc.id, kept)
    return lines


def render(
    documents: Sequence[DocumentNotes],
    meanings: dict[str, str],
    kept: dict[int, str] | None = None,
    title: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The Markdown for one document (its own front matter) or a collection."""
    kept = kept or {}
    exported = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    if len(documents) == 1 and title is None:
        notes = documents[0]
        doc = notes.document
        front: dict[str, object] = {
            "title": doc.title,
            "source": doc.source,
            "published": doc.published.iso() if doc.published else None,
            "dateline": doc.dateline,
            "tags": sorted({t for a in notes.annotations for t in a.tags}),
            "entities": [e.canonical for e in _named(notes.entities)],
            "document_id": doc.id,
            "link": link(doc.id),
            "exported": exported,
            "generator": GENERATOR,
        }
        body = render_document_section(notes, meanings, kept, level=1)
    else:
        front = {
            "title": title or "Briefing notes",
            "documents": [n.document.id for n in documents],
            "tags": sorted({t for n in documents for a in n.annotations for t in a.tags}),
            "exported": exported,
            "generator": GENERATOR,
        }
        body = [f"# {escape_text(str(front['title']))}", ""]
        for notes in documents:
            body += render_document_section(notes, meanings, kept, level=2)
    return _front_matter(front) + "\n" + "\n".join(body).rstrip() + "\n"


def read_kept_notes(path: Path) -> dict[int, str] | None:
    """The user's "My notes" blocks of an earlier export, or None if the file is not one.

    Raises :class:`ExportError` for a file that exists but was not written by the export.
    """
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot read the existing file ({exc})") from exc
    if not _made_by_export(existing):
        raise ExportError(
            f"{path} exists and was not written by Briefing Reader; "
            "choose another file or allow overwriting it (--force)"
        )
    return {int(m.group("doc")): m.group("body") for m in _NOTES_BLOCK.finditer(existing)}


def _made_by_export(text: str) -> bool:
    if not text.startswith("---\n"):
        return False
    end = text.find("\n---\n", 4)
    if end == -1:
        return False
    try:
        front = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return False
    return isinstance(front, dict) and front.get("generator") == GENERATOR


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _file_mode(path))  # mkstemp makes it private (0600)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode a file written here normally gets: the old file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def file_name(doc: Document) -> str:
    """A stable, readable file name: the id keeps it stable when titles change."""
    slug = re.sub(r"[^\w]+", "-", doc.title.casefold()).strip("-")[:60].rstrip("-")
    return f"{doc.id:04d}-{slug or 'document'}.md"
