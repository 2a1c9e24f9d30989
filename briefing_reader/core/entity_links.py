"""Library-wide identity in the database: gather the evidence, store the decisions.

:mod:`briefing_reader.core.analysis.identity` decides which names are one entity; this
module feeds it from the ``mentions`` table and writes its links back. A link rewrites the
mention's label and name (and a claim speaker's) to the entity's, keeping the analysis's
own in ``analysed_label``/``analysed``, so every reader of mentions (facets, the index,
corrections) sees one entity without knowing links exist. Names the user corrected are
never linked: their corrections apply to the names as analysed.

Work is done per *group* (names sharing a last word, see ``identity.groups_of``): after an
import only the groups of the new documents' names are decided again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from briefing_reader.core.analysis.identity import Ambiguity, Key, Link, NameUse
from briefing_reader.core.analysis.name_uses import (
    GATHERED_LABELS,
    MentionRow,
    decide,
    groups_in,
    mention_row,
)
from briefing_reader.core.store import Store


@dataclass(frozen=True, slots=True)
class Relinked:
    """What a relink did: the documents whose entities changed, and how much it re-decided."""

    changed: list[int]
    documents_decided: int
    names_decided: int


class EntityLinks:
    """Decides and stores the links of a library's names."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.connection

    def relink(
        self,
        doc_ids: Iterable[int] | None = None,
        blocked: set[Key] | None = None,
        groups: set[str] | None = None,
    ) -> Relinked:
        """Decide again the names of ``doc_ids`` and of every document sharing a group with
        them or in ``groups`` (every document when both are None)."""
        uses, resolution = decide(self._rows(), doc_ids, blocked, groups)
        if not uses:
            return Relinked([], 0, 0)
        changed = self._store(uses, resolution.links, resolution.ambiguities)
        return Relinked(changed, len({u.doc_id for u in uses}), len(uses))

    def groups_of_documents(self, doc_ids: Iterable[int]) -> set[str]:
        """The groups of these documents' names, read before they are removed: the names
        left in those groups are then decided again without their evidence."""
        wanted = sorted(set(doc_ids))
        return groups_in(self._rows(wanted)) if wanted else set()

    def _rows(self, only: list[int] | None = None) -> list[MentionRow]:
        """Every mention worth deciding (of the documents ``only``, when given), as
        analysed, with the characters before a person's (for an honorific). Texts are read
        once each, in step with the mentions."""
        marks = ",".join("?" * len(GATHERED_LABELS))
        scope, docs = "", ""
        if only is not None:
            docs = f"({','.join('?' * len(only))})"
            scope = f"AND document_id IN {docs} "
        mentions = self.db.execute(
            "SELECT document_id, start_offset, end_offset, text, "
            "COALESCE(analysed_label, label), COALESCE(analysed, canonical) FROM mentions "
            f"WHERE COALESCE(analysed_label, label) IN ({marks}) {scope}"
            "ORDER BY document_id, start_offset",
            (*GATHERED_LABELS, *(only or ())),
        ).fetchall()
        texts = self.store.connection.cursor().execute(
            "SELECT id, text FROM documents WHERE id IN (SELECT document_id FROM mentions) "
            + (f"AND id IN {docs} " if docs else "")
            + "ORDER BY id",
            tuple(only or ()),
        )
        rows: list[MentionRow] = []
        doc_id, text = -1, ""
        for document_id, start, end, written, label, name in mentions:
            while doc_id < document_id:
                row = texts.fetchone()
                if row is None:
                    break
                doc_id, text = row
            known = text if doc_id == document_id else ""
            rows.append(mention_row(document_id, known, start, end, written, label, name))
        return rows

    def _store(
        self, uses: list[NameUse], links: list[Link], ambiguities: list[Ambiguity]
    ) -> list[int]:
        """Replace the links of ``uses`` with ``links``; the documents whose names changed."""
        before = self._current_links(uses)
        after = {(k.doc_id, k.label, k.name): (k.label_to, k.target, k.reason) for k in links}
        changed = {
            key[0]
            for key in before.keys() | after.keys()
            if before.get(key, ("", "", ""))[:2] != after.get(key, ("", "", ""))[:2]
        }
        with self.store.transaction() as db:
            for doc_id, label, name in before.keys() - after.keys():
                _unlink(db, doc_id, label, name)
            for key, (label_to, target, reason) in after.items():
                if before.get(key) != (label_to, target, reason):
                    _unlink(db, *key)
                    _link(db, *key, label_to, target, reason)
            scope = {(u.doc_id, u.label, u.name) for u in uses}
            db.executemany(
                "DELETE FROM entity_ambiguities WHERE document_id = ? AND label = ? AND name = ?",
                list(scope),
            )
            db.executemany(
                "INSERT OR REPLACE INTO entity_ambiguities (document_id, label, name, candidates) "
                "VALUES (?, ?, ?, ?)",
                [(a.doc_id, a.label, a.name, "\n".join(a.candidates)) for a in ambiguities],
            )
        return sorted(changed)

    def _current_links(
        self, uses: list[NameUse]
    ) -> dict[tuple[int, str, str], tuple[str, str, str]]:
        scope = {(u.doc_id, u.label, u.name) for u in uses}
        docs = sorted({doc for doc, _, _ in scope})
        out: dict[tuple[int, str, str], tuple[str, str, str]] = {}
        for chunk in range(0, len(docs), 900):
            part = docs[chunk : chunk + 900]
            for doc, a_label, a_name, label, name, reason in self.db.execute(
                "SELECT DISTINCT document_id, analysed_label, analysed, label, canonical, link_reason "
                f"FROM mentions WHERE analysed IS NOT NULL AND document_id IN ({','.join('?' * len(part))})",
                part,
            ):
                if (doc, a_label, a_name) in scope:
                    out[(doc, a_label, a_name)] = (label, name, reason)
        return out

    def joined(self, keys: Iterable[Key]) -> list[tuple[Key, Key, str, int]]:
        """(entity, name as analysed, a reason, documents) for the names joined to these
        entities (a short form's reason differs per document; one of them stands for all).
        One indexed look-up per key: this runs each time a document is opened."""
        out = []
        for key in keys:
            out += [
                (key, (a_label, name), reason, int(count))
                for a_label, name, reason, count in self.db.execute(
                    "SELECT analysed_label, analysed, MIN(link_reason), "
                    "COUNT(DISTINCT document_id) FROM mentions "
                    "WHERE label = ? AND canonical = ? AND analysed IS NOT NULL "
                    "GROUP BY analysed_label, analysed ORDER BY COUNT(DISTINCT document_id) DESC",
                    key,
                )
            ]
        return out

    def ambiguous(self, keys: Iterable[Key]) -> list[tuple[Key, tuple[str, ...], int]]:
        """(name, candidates, documents) for these names where they were left as written."""
        out = []
        for key in keys:
            out += [
                (key, tuple(candidates.split("\n")), int(count))
                for candidates, count in self.db.execute(
                    "SELECT candidates, COUNT(*) FROM entity_ambiguities "
                    "WHERE label = ? AND name = ? GROUP BY candidates ORDER BY COUNT(*) DESC",
                    key,
                )
            ]
        return out


def _unlink(db: sqlite3.Connection, doc_id: int, label: str, name: str) -> None:
    db.execute(
        "UPDATE mentions SET label = analysed_label, canonical = analysed, analysed_label = NULL, "
        "analysed = NULL, link_reason = NULL "
        "WHERE document_id = ? AND analysed_label = ? AND analysed = ?",
        (doc_id, label, name),
    )
    db.execute(
        "UPDATE claims SET speaker_label = analysed_speaker_label, speaker = analysed_speaker, "
        "analysed_speaker_label = NULL, analysed_speaker = NULL "
        "WHERE document_id = ? AND analysed_speaker_label = ? AND analysed_speaker = ?",
        (doc_id, label, name),
    )


def _link(
    db: sqlite3.Connection,
    doc_id: int,
    label: str,
    name: str,
    label_to: str,
    target: str,
    reason: str,
) -> None:
    db.execute(
        "UPDATE mentions SET analysed_label = label, analysed = canonical, label = ?, "
        "canonical = ?, link_reason = ? "
        "WHERE document_id = ? AND label = ? AND canonical = ? AND analysed IS NULL",
        (label_to, target, reason, doc_id, label, name),
    )
    db.execute(
        "UPDATE claims SET analysed_speaker_label = speaker_label, analysed_speaker = speaker, "
        "speaker_label = ?, speaker = ? "
        "WHERE document_id = ? AND speaker_label = ? AND speaker = ? AND analysed_speaker IS NULL",
        (label_to, target, doc_id, label, name),
    )
