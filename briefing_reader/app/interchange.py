"""Annotations as W3C Web Annotation JSON: export, and import into any library.

Each annotation becomes an ``Annotation`` whose target carries a
``TextQuoteSelector`` and a ``TextPositionSelector`` and names the document by the
hash of its text; notes, tags and the colour are ``TextualBody`` items with the
purposes commenting, tagging and classifying. Importing finds the document by that
hash (or by title when the text changed), anchors the selectors in its text as a
re-import would, and keeps an annotation it cannot place as an orphan.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing_reader.app.annotations import AnnotationChange, reindex_after
from briefing_reader.core.anchoring import anchor
from briefing_reader.core.annotation_store import clean_tags
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.export_markdown import write_atomically
from briefing_reader.core.library import Library
from briefing_reader.core.model import Annotation, TextSelector

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXTENSION = "briefing_reader"


@dataclass(slots=True)
class InterchangeResult:
    imported: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already present
    failed: list[str] = field(default_factory=list)  # reasons
    changes: AnnotationChange = field(
        default_factory=lambda: AnnotationChange("import annotations")
    )

    def summary(self) -> str:
        text = f"{len(self.imported)} annotation(s) imported"
        if self.orphaned:
            text += f" ({len(self.orphaned)} as orphans)"
        if self.skipped:
            text += f", {len(self.skipped)} already present"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text


def _iso(stamp: str) -> str:
    return stamp or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_w3c(a: Annotation, title: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if a.note:
        body.append(
            {
                "type": "TextualBody",
                "value": a.note,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    body += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in a.tags]
    body.append({"type": "TextualBody", "value": a.color, "purpose": "classifying"})
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.UUID(hex=a.uid)}",
        "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        "created": _iso(a.created_at),
        "modified": _iso(a.updated_at),
        "body": body,
        "target": {
            "source": f"urn:sha256:{a.content_hash}",
            "selector": a.selector.to_w3c()
            if not a.orphaned
            else [a.selector.to_w3c()[0]],  # an orphan has a quote but no position
        },
        EXTENSION: {"document": a.document_id, "title": title, "orphaned": a.orphaned},
    }


def export_w3c(library: Library, path: Path, doc_ids: Sequence[int] | None = None) -> int:
    """Write the annotations (of some documents, or all) as one JSON file; return how many."""
    annotations = (
        library.annotations.search()
        if not doc_ids
        else [a for doc_id in doc_ids for a in library.annotations.for_document(doc_id)]
    )
    titles = {
        d.id: d.title for d in library.store.get_many({a.document_id for a in annotations}).values()
    }
    items = [to_w3c(a, titles.get(a.document_id, "")) for a in annotations]
    page = {
        "@context": CONTEXT,
        "type": "AnnotationPage",
        "generator": "briefing-reader",
        "items": items,
    }
    write_atomically(path, json.dumps(page, ensure_ascii=False, indent=2) + "\n")
    return len(items)


def _document_of(snapshot: dict[str, object]) -> int:
    document = snapshot["document"]
    assert isinstance(document, int)  # snapshots are made here, from stored annotations
    return document


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return list(data)
    if isinstance(data, dict):
        if data.get("type") == "Annotation":
            return [data]
        if isinstance(data.get("items"), list):
            return list(data["items"])
        first = data.get("first")
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            return list(first["items"])
    raise BriefingError("not W3C Web Annotation JSON: no annotations found")


def _bodies(item: dict[str, Any]) -> tuple[str, list[str], str | None]:
    bodies = item.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    note, tags, colour = "", [], None
    for body in bodies:
        if not isinstance(body, dict):
            continue
        purpose = body.get("purpose")
        value = str(body.get("value", ""))
        if purpose == "tagging":
            tags.append(value)
        elif purpose == "classifying":
            colour = value
        elif purpose in (None, "commenting", "describing"):
            note = f"{note}\n\n{value}".strip() if note else value
    return note, clean_tags(tags), colour


def import_w3c(library: Library, path: Path) -> InterchangeResult:
    """Add the annotations in ``path`` to the documents they belong to."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BriefingError(f"{path}: cannot read annotations: {exc}") from exc
    result = InterchangeResult()
    by_hash = {d.content_hash: d for d in library.store.list()}
    by_title = {d.title: d for d in by_hash.values()}
    snapshots: list[dict[str, object]] = []
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    colours = {c for c, _ in library.annotations.palette()}
    for number, item in enumerate(_items(data), start=1):
        label = str(item.get("id") or f"annotation {number}")
        try:
            target = item["target"]
            selectors = target["selector"]
            selector = TextSelector.from_w3c(
                [selectors] if isinstance(selectors, dict) else selectors
            )
        except (KeyError, TypeError, ValueError) as exc:
            result.failed.append(f"{label}: no usable selectors ({exc})")
            continue
        uid = label.removeprefix("urn:uuid:").replace("-", "")
        if len(uid) != 32 or any(c not in "0123456789abcdef" for c in uid):
            uid = uuid.uuid4().hex
        try:
            library.annotations.get(uid)
        except BriefingError:
            pass
        else:
            result.skipped.append(label)
            continue
        source = str(target.get("source", "")).removeprefix("urn:sha256:")
        extra = item.get(EXTENSION) or {}
        doc = by_hash.get(source) or by_title.get(str(extra.get("title", "")))
        if doc is None:
            result.failed.append(f"{label}: its document is not in this library")
            continue
        note, tags, colour = _bodies(item)
        colour = colour if colour in colours else "yellow"
        found = anchor(selector, doc.text)
        placed = TextSelector.from_span(doc.text, found.start, found.end) if found else selector
        annotation = library.annotations.add(
            doc.id, placed, doc.content_hash, colour, note, tags, now, uid=uid
        )
        if found is None:
            library.annotations.orphan(annotation.id)
            result.orphaned.append(annotation.id)
        result.imported.append(annotation.id)
        snapshots.append(library.annotations.get(annotation.id).snapshot())
    if snapshots:
        library.annotations.record("import annotations", [], snapshots, now)
        reindex_after(library, [_document_of(s) for s in snapshots], result.changes)
    return result
