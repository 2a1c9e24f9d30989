"""Annotations in SQLite: highlights with colour, note and tags, anchored by selectors.

Each annotation keeps its W3C selectors (exact quote, 32 characters of prefix and
suffix, start/end) and the content hash of the text they were made on. When a
document's text changes, :func:`reanchor_document` finds each passage again in the
new text inside the same transaction, or marks the annotation orphaned: kept with
its quote and note, never attached to other words.

Every change is recorded as before/after snapshots in ``annotation_history`` so
the app layer can undo and redo any of them, across restarts.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing_reader.core.anchoring import anchor
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.model import Annotation, TextSelector

#: The palette a new library starts with: colour key → what it means (users rename meanings).
DEFAULT_PALETTE: tuple[tuple[str, str], ...] = (
    ("yellow", "important"),
    ("green", "evidence"),
    ("red", "disputed"),
    ("blue", "question"),
    ("purple", "follow up"),
)

_COLUMNS = (
    "id, uid, document_id, start_offset, end_offset, exact, prefix, suffix, content_hash, "
    "color, note, orphaned, anchor_method, anchor_confidence, created_at, updated_at"
)


class AnnotationError(BriefingError):
    """An annotation that cannot be made or found; the message says why."""


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as users type them ("#Follow up", "evidence,") → unique, trimmed, in order."""
    seen: dict[str, str] = {}
    for tag in tags:
        for piece in tag.split(","):
            cleaned = " ".join(piece.strip().lstrip("#").split())
            if cleaned and cleaned.casefold() not in seen:
                seen[cleaned.casefold()] = cleaned
    return list(seen.values())


class AnnotationStore:
    """Annotations, tags, the colour palette and the undo history."""

    def __init__(self, db: sqlite3.Connection, transaction) -> None:  # type: ignore[no-untyped-def]
        self.db = db
        self.transaction = transaction

    # -- reading ----------------------------------------------------------------------

    def _load(self, where: str, args: Sequence[object]) -> list[Annotation]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM annotations {where}", tuple(args))
        annotations = [_row(r) for r in rows]
        if annotations:
            tags = _tags_of(self.db, [a.id for a in annotations])
            for a in annotations:
                a.tags = tags.get(a.id, [])
        return annotations

    def get(self, ref: int | str) -> Annotation:
        """By number or by uid (the stable id used in links and exports)."""
        if isinstance(ref, int) or str(ref).isdigit():
            found = self._load("WHERE id = ?", (int(ref),))
        else:
            found = self._load("WHERE uid = ?", (str(ref),))
        if not found:
            raise AnnotationError(f"no annotation {ref}; see 'briefing-reader annotations'")
        return found[0]

    def for_document(self, doc_id: int) -> list[Annotation]:
        """In reading order; orphans last."""
        return self._load("WHERE document_id = ? ORDER BY orphaned, start_offset, id", (doc_id,))

    def for_documents(self, doc_ids: Iterable[int]) -> dict[int, list[Annotation]]:
        ids = list(doc_ids)
        out: dict[int, list[Annotation]] = {doc_id: [] for doc_id in ids}
        if not ids:
            return out
        marks = ",".join("?" * len(ids))
        for a in self._load(
            f"WHERE document_id IN ({marks}) ORDER BY document_id, orphaned, start_offset, id",
            ids,
        ):
            out[a.document_id].append(a)
        return out

    def search(
        self,
        doc_id: int | None = None,
        tag: str | None = None,
        color: str | None = None,
        orphaned: bool | None = None,
    ) -> list[Annotation]:
        where: list[str] = []
        args: list[object] = []
        if doc_id is not None:
            where.append("document_id = ?")
            args.append(doc_id)
        if color is not None:
            where.append("color = ?")
            args.append(color)
        if orphaned is not None:
            where.append("orphaned = ?")
            args.append(int(orphaned))
        if tag is not None:
            where.append(
                "id IN (SELECT annotation_id FROM annotation_tags WHERE tag = ? COLLATE NOCASE)"
            )
            args.append(tag.lstrip("#"))
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self._load(f"{clause} ORDER BY document_id, orphaned, start_offset, id", args)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many annotations carry it, most used first."""
        rows = self.db.execute(
            "SELECT tag, COUNT(*) FROM annotation_tags GROUP BY tag COLLATE NOCASE "
            "ORDER BY COUNT(*) DESC, tag"
        )
        return [(tag, int(count)) for tag, count in rows]

    def documents_with_tag(self, tag: str) -> list[int]:
        rows = self.db.execute(
            "SELECT DISTINCT a.document_id FROM annotations a JOIN annotation_tags t "
            "ON t.annotation_id = a.id WHERE t.tag = ? COLLATE NOCASE ORDER BY a.document_id",
            (tag.lstrip("#"),),
        )
        return [int(r[0]) for r in rows]

    def palette(self) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT color, meaning FROM palette ORDER BY position")
        return [(color, meaning) for color, meaning in rows]

    def set_meaning(self, color: str, meaning: str) -> None:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE palette SET meaning = ? WHERE color = ?", (meaning.strip(), color)
            )
            if cursor.rowcount == 0:
                raise AnnotationError(f"no colour {color!r}; colours: {self._colour_names()}")

    def _colour_names(self) -> str:
        return ", ".join(color for color, _ in self.palette())

    def check_colour(self, color: str) -> str:
        """A palette colour by key or by meaning ("disputed" → red)."""
        wanted = color.strip().casefold()
        for key, meaning in self.palette():
            if wanted in (key.casefold(), meaning.casefold()):
                return key
        raise AnnotationError(f"no colour {color!r}; colours: {self._colour_names()}")

    # -- writing ----------------------------------------------------------------------

    def add(
        self,
        doc_id: int,
        selector: TextSelector,
        content_hash: str,
        color: str,
        note: str,
        tags: Sequence[str],
        now: str,
        uid: str | None = None,
    ) -> Annotation:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO annotations (uid, document_id, start_offset, end_offset, exact, "
                "prefix, suffix, content_hash, color, note, orphaned, anchor_method, "
                "anchor_confidence, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'position', 1.0, ?, ?)",
                (
                    uid or uuid.uuid4().hex,
                    doc_id,
                    selector.start,
                    selector.end,
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    content_hash,
                    color,
                    note,
                    now,
                    now,
                ),
            )
            aid = int(cursor.lastrowid or 0)
            _set_tags(db, aid, tags)
        return self.get(aid)

    def update(
        self,
        aid: int,
        now: str,
        color: str | None = None,
        note: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Annotation:
        with self.transaction() as db:
            if color is not None:
                db.execute("UPDATE annotations SET color = ? WHERE id = ?", (color, aid))
            if note is not None:
                db.execute("UPDATE annotations SET note = ? WHERE id = ?", (note, aid))
            if tags is not None:
                _set_tags(db, aid, tags)
            db.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", (now, aid))
        return self.get(aid)

    def delete(self, aid: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM annotations WHERE id = ?", (aid,))

    def restore(self, snapshot: dict[str, object]) -> Annotation:
        """Put an annotation back exactly as a snapshot describes it (same id and uid)."""
        with self.transaction() as db:
            db.execute("DELETE FROM annotations WHERE uid = ?", (snapshot["uid"],))
            db.execute(
                "INSERT INTO annotations (id, uid, document_id, start_offset, end_offset, exact, "
                "prefix, suffix, content_hash, color, note, orphaned, anchor_method, "
                "anchor_confidence, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    snapshot["id"],
                    snapshot["uid"],
                    snapshot["document"],
                    snapshot["start"],
                    snapshot["end"],
                    snapshot["quote"],
                    snapshot["prefix"],
                    snapshot["suffix"],
                    snapshot["content_hash"],
                    snapshot["color"],
                    snapshot["note"],
                    int(bool(snapshot["orphaned"])),
                    snapshot["anchor"],
                    snapshot["confidence"],
                    snapshot["created"],
                    snapshot["updated"],
                ),
            )
            _set_tags(db, _int(snapshot["id"]), snapshot["tags"])  # type: ignore[arg-type]
        return self.get(_int(snapshot["id"]))

    def orphan(self, aid: int) -> None:
        """Keep the annotation without a place in the text (its passage is not there)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE annotations SET orphaned = 1, start_offset = NULL, end_offset = NULL, "
                "anchor_method = NULL, anchor_confidence = NULL WHERE id = ?",
                (aid,),
            )

    def remove_by_uid(self, uid: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM annotations WHERE uid = ?", (uid,))

    # -- history ----------------------------------------------------------------------

    def record(
        self,
        label: str,
        before: list[dict[str, object]],
        after: list[dict[str, object]],
        now: str,
        merge: bool = False,
    ) -> int:
        """Log one user action; a new action drops whatever had been undone.

        With ``merge``, an edit of the same annotations under the same label as the
        last action extends that action (its before state stays) instead of adding one.
        """
        with self.transaction() as db:
            db.execute("DELETE FROM annotation_history WHERE undone = 1")
            last = self.last_action(undone=False) if merge else None
            if last is not None and last[1] == label and _uids(last[3]) == _uids(after):
                db.execute(
                    "UPDATE annotation_history SET after = ?, created_at = ? WHERE id = ?",
                    (json.dumps(after), now, last[0]),
                )
                return last[0]
            cursor = db.execute(
                "INSERT INTO annotation_history (label, before, after, undone, created_at) "
                "VALUES (?, ?, ?, 0, ?)",
                (label, json.dumps(before), json.dumps(after), now),
            )
            return int(cursor.lastrowid or 0)

    def last_action(
        self, undone: bool
    ) -> tuple[int, str, list[dict[str, object]], list[dict[str, object]]] | None:
        """The action an undo (``undone=False``) or a redo (``True``) would act on."""
        order = "DESC" if not undone else "ASC"
        row = self.db.execute(
            "SELECT id, label, before, after FROM annotation_history WHERE undone = ? "
            f"ORDER BY id {order} LIMIT 1",
            (int(undone),),
        ).fetchone()
        if row is None:
            return None
        return int(row[0]), str(row[1]), json.loads(row[2]), json.loads(row[3])

    def mark_undone(self, action_id: int, undone: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE annotation_history SET undone = ? WHERE id = ?", (int(undone), action_id)
            )


def _int(value: object) -> int:
    """An id read back from a JSON snapshot."""
    if isinstance(value, int | str):
        return int(value)
    raise TypeError(f"not an id: {value!r}")


def _uids(states: list[dict[str, object]]) -> set[str]:
    return {str(state["uid"]) for state in states}


def _row(r: sqlite3.Row) -> Annotation:
    return Annotation(
        id=r["id"],
        uid=r["uid"],
        document_id=r["document_id"],
        exact=r["exact"],
        prefix=r["prefix"],
        suffix=r["suffix"],
        start=r["start_offset"],
        end=r["end_offset"],
        content_hash=r["content_hash"],
        color=r["color"],
        note=r["note"],
        orphaned=bool(r["orphaned"]),
        anchor_method=r["anchor_method"],
        anchor_confidence=r["anchor_confidence"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
    )


def _tags_of(db: sqlite3.Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for aid, tag in db.execute(
            f"SELECT annotation_id, tag FROM annotation_tags WHERE annotation_id IN ({marks}) "
            "ORDER BY position",
            chunk,
        ):
            out.setdefault(int(aid), []).append(tag)
    return out


def _set_tags(db: sqlite3.Connection, aid: int, tags: Iterable[str]) -> None:
    db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (aid,))
    for position, tag in enumerate(clean_tags(tags)):
        db.execute(
            "INSERT INTO annotation_tags (annotation_id, tag, position) VALUES (?, ?, ?)",
            (aid, tag, position),
        )


@dataclass(slots=True)
class ReanchorReport:
    """What re-anchoring did to one document's annotations."""

    anchored: int = 0
    moved: int = 0
    orphaned: int = 0


def reanchor_document(
    db: sqlite3.Connection,
    doc_id: int,
    text: str,
    content_hash: str,
    now: str,
    old_text: str | None = None,
) -> ReanchorReport:
    """Find every annotation of ``doc_id`` in its new ``text`` (inside the caller's transaction).

    ``old_text``, the text being replaced, lets the anchoring follow a character diff
    (see :func:`anchor`). Orphans are tried again too: a passage removed by one edit may
    come back in the next.
    """
    report = ReanchorReport()
    rows = db.execute(
        "SELECT id, exact, prefix, suffix, start_offset, end_offset FROM annotations "
        "WHERE document_id = ?",
        (doc_id,),
    ).fetchall()
    for aid, exact, prefix, suffix, start, end in rows:
        selector = TextSelector(
            exact,
            prefix,
            suffix,
            start if start is not None else -1,
            end if end is not None else -1,
        )
        found = anchor(selector, text, old_text)
        if found is None:
            db.execute(
                "UPDATE annotations SET orphaned = 1, start_offset = NULL, end_offset = NULL, "
                "anchor_method = NULL, anchor_confidence = NULL, content_hash = ?, "
                "updated_at = ? WHERE id = ?",
                (content_hash, now, aid),
            )
            report.orphaned += 1
            continue
        # The selectors follow the passage: the new quote, context and position.
        moved = TextSelector.from_span(text, found.start, found.end)
        db.execute(
            "UPDATE annotations SET orphaned = 0, start_offset = ?, end_offset = ?, exact = ?, "
            "prefix = ?, suffix = ?, anchor_method = ?, anchor_confidence = ?, content_hash = ?, "
            "updated_at = ? WHERE id = ?",
            (
                moved.start,
                moved.end,
                moved.exact,
                moved.prefix,
                moved.suffix,
                found.method,
                found.confidence,
                content_hash,
                now,
                aid,
            ),
        )
        report.anchored += 1
        if (found.start, found.end) != (start, end):
            report.moved += 1
    return report
