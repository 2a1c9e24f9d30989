"""Entities in the database: analysed mentions plus the user's corrections.

Mentions keep the names the analysis gave them. Corrections (rename, merge,
relabel, hide; "not an entity" for one span) are stored apart and applied every
time mentions are read, so they are in force everywhere at once and survive any
re-analysis.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from briefing_reader.core.entity_links import EntityLinks, Relinked
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.model import Correction, Entity, EntityKey, Mention, ResolvedMention
from briefing_reader.core.store import Store

CORRECTION_KINDS = ("rename", "merge", "relabel", "hide", "separate")


class Resolver:
    """Applies corrections to analysis keys, following chains (merge then rename, …)."""

    def __init__(self, corrections: Iterable[Correction]) -> None:
        self.rewrites: dict[EntityKey, EntityKey] = {}
        self.hidden: set[EntityKey] = set()
        for c in corrections:
            key = (c.label, c.canonical)
            if c.kind == "hide":
                self.hidden.add(key)
            elif c.kind == "rename" and c.value:
                self.rewrites[key] = (c.label, c.value)
            elif c.kind == "relabel" and c.value:
                self.rewrites[key] = (c.value, c.canonical)
            elif c.kind == "merge" and c.value:
                label, _, name = c.value.partition(":")
                self.rewrites[key] = (label, name)

    def resolve(self, key: EntityKey) -> tuple[EntityKey, bool]:
        """The key users see for ``key`` and whether it is hidden."""
        seen = {key}
        hidden = key in self.hidden
        while key in self.rewrites:
            key = self.rewrites[key]
            if key in seen:
                break  # a cycle of corrections: stop where it closes
            seen.add(key)
            hidden = hidden or key in self.hidden
        return key, hidden


class EntityStore:
    """Mentions and corrections in the library database."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.connection
        self.links = EntityLinks(store)

    # -- mentions -----------------------------------------------------------------------

    def save_mentions(self, doc_id: int, text: str, mentions: list[Mention], version: int) -> None:
        """Replace a document's analysis and re-anchor its "not an entity" spans. Its names
        are linked to the library's entities afterwards, by :meth:`relink`."""
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                return  # removed meanwhile
            db.execute("DELETE FROM mentions WHERE document_id = ?", (doc_id,))
            db.execute("DELETE FROM entity_ambiguities WHERE document_id = ?", (doc_id,))
            db.executemany(
                "INSERT OR IGNORE INTO mentions (document_id, start_offset, end_offset, text, "
                "label, canonical) VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, m.start, m.end, m.text, m.label, m.canonical) for m in mentions],
            )
            db.execute("UPDATE documents SET analysis_version = ? WHERE id = ?", (version, doc_id))
            self._reanchor_spans(db, doc_id, text)

    def relink(
        self, doc_ids: Iterable[int] | None = None, groups: set[str] | None = None
    ) -> Relinked:
        """Link the names of ``doc_ids`` and of ``groups`` (all documents when both are
        None) to the library's entities; names the user corrected stay as analysed."""
        blocked = {(c.label, c.canonical) for c in self.corrections()}
        return self.links.relink(doc_ids, blocked, groups)

    def link_groups(self, doc_ids: Iterable[int]) -> set[str]:
        """What removing these documents asks to decide again (see :meth:`relink`)."""
        return self.links.groups_of_documents(doc_ids)

    @staticmethod
    def _reanchor_spans(db: sqlite3.Connection, doc_id: int, text: str) -> set[tuple[int, int]]:
        """Move "not an entity" spans to where their text now is; return the spans."""
        spans: set[tuple[int, int]] = set()
        rows = db.execute(
            "SELECT id, start_offset, end_offset, text FROM span_corrections WHERE document_id = ?",
            (doc_id,),
        ).fetchall()
        for row_id, start, end, span_text in rows:
            if text[start:end] == span_text:
                spans.add((start, end))
                continue
            found = list(_occurrences(text, span_text))
            if found:
                new_start = min(found, key=lambda i: abs(i - start))
                db.execute(
                    "UPDATE span_corrections SET start_offset = ?, end_offset = ? WHERE id = ?",
                    (new_start, new_start + len(span_text), row_id),
                )
                spans.add((new_start, new_start + len(span_text)))
        return spans

    def unanalysed_ids(self, version: int) -> list[int]:
        rows = self.db.execute(
            "SELECT id FROM documents WHERE analysis_version IS NULL OR analysis_version != ? "
            "ORDER BY id",
            (version,),
        )
        return [int(r[0]) for r in rows]

    def is_analysed(self, doc_id: int) -> bool:
        """True once the document has entities and claims from any analysis version."""
        return self.analysis_version(doc_id) is not None

    def analysis_version(self, doc_id: int) -> int | None:
        """The version of the analysis the document's entities and claims come from."""
        row = self.db.execute(
            "SELECT analysis_version FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def resolver(self) -> Resolver:
        return Resolver(self.corrections())

    def mentions(
        self, doc_id: int, include_hidden: bool = False, resolver: Resolver | None = None
    ) -> list[ResolvedMention]:
        """A document's mentions in text order, corrections applied."""
        resolver = resolver or self.resolver()
        not_entities = {
            (s, e)
            for s, e in self.db.execute(
                "SELECT start_offset, end_offset FROM span_corrections WHERE document_id = ?",
                (doc_id,),
            )
        }
        out = []
        for start, end, text, label, canonical in self.db.execute(
            "SELECT start_offset, end_offset, text, label, canonical FROM mentions "
            "WHERE document_id = ? ORDER BY start_offset",
            (doc_id,),
        ):
            if (start, end) in not_entities:
                continue
            (label, canonical), hidden = resolver.resolve((label, canonical))
            if hidden and not include_hidden:
                continue
            out.append(ResolvedMention(start, end, text, label, canonical, hidden))
        return out

    def mentions_by_document(self, doc_ids: Iterable[int]) -> dict[int, list[ResolvedMention]]:
        resolver = self.resolver()
        return {doc_id: self.mentions(doc_id, resolver=resolver) for doc_id in doc_ids}

    def entities(self, doc_id: int | None = None, include_hidden: bool = False) -> list[Entity]:
        """Entities with aliases and counts, over the library or one document."""
        resolver = self.resolver()
        where, args = ("WHERE document_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        not_entities = {
            (d, s, e)
            for d, s, e in self.db.execute(
                "SELECT document_id, start_offset, end_offset FROM span_corrections"
            )
        }
        merged: dict[EntityKey, Entity] = {}
        rows = self.db.execute(
            f"SELECT document_id, start_offset, end_offset, text, label, canonical FROM mentions {where}",
            args,
        )
        for document_id, start, end, text, label, canonical in rows:
            if (document_id, start, end) in not_entities:
                continue
            key, hidden = resolver.resolve((label, canonical))
            if hidden and not include_hidden:
                continue
            entity = merged.get(key)
            if entity is None:
                entity = merged[key] = Entity(label=key[0], canonical=key[1], hidden=hidden)
            entity.aliases.update((text, canonical))
            entity.mentions += 1
            entity.documents.add(document_id)
        return sorted(merged.values(), key=lambda e: (-len(e.documents), -e.mentions, e.ref))

    def explain(self, entities: list[Entity]) -> None:
        """Fill in each entity's automatic joins and the ambiguity of a name left as written."""
        resolver = self.resolver()
        by_key = {(e.label, e.canonical): e for e in entities}
        # the stored names users see as these entities: their own, and any a correction maps
        stored = set(by_key) | {k for k in resolver.rewrites if resolver.resolve(k)[0] in by_key}
        for key, (label, name), reason, count in self.links.joined(stored):
            entity = by_key.get(resolver.resolve(key)[0])
            if entity is not None:
                entity.joined.append((label, name, reason, count))
        for key, candidates, _count in self.links.ambiguous(stored):
            entity = by_key.get(resolver.resolve(key)[0])
            if entity is not None:
                entity.ambiguous.append(candidates)

    def documents_touching(self, keys: Iterable[EntityKey]) -> list[int]:
        """Documents that mention, or quote as a speaker, any of these analysis keys."""
        ids: set[int] = set()
        for key in keys:
            ids.update(
                r[0]
                for r in self.db.execute(
                    "SELECT document_id FROM mentions WHERE label = ? AND canonical = ? UNION "
                    "SELECT document_id FROM mentions WHERE analysed_label = ? AND analysed = ? "
                    "UNION SELECT document_id FROM claims WHERE speaker_label = ? AND speaker = ?",
                    (*key, *key, *key),
                )
            )
        return sorted(ids)

    def keys_resolving_to(self, key: EntityKey) -> list[EntityKey]:
        """Every analysis key that users currently see as ``key``."""
        resolver = self.resolver()
        rows = self.db.execute("SELECT DISTINCT label, canonical FROM mentions")
        return [(label, name) for label, name in rows if resolver.resolve((label, name))[0] == key]

    def facet_counts(
        self, doc_ids: list[int], labels: Iterable[str], limit: int = 10
    ) -> dict[str, list[tuple[str, int]]]:
        """For each label, the entities mentioned in most of ``doc_ids``."""
        resolver = self.resolver()
        counts: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        wanted = set(labels)
        for chunk_start in range(0, len(doc_ids), 900):
            chunk = doc_ids[chunk_start : chunk_start + 900]
            marks = ",".join("?" * len(chunk))
            for document_id, label, canonical in self.db.execute(
                f"SELECT DISTINCT document_id, label, canonical FROM mentions "
                f"WHERE document_id IN ({marks})",
                chunk,
            ):
                (label, canonical), hidden = resolver.resolve((label, canonical))
                if not hidden and label in wanted:
                    counts[label][canonical].add(document_id)
        return {
            label: sorted(
                ((name, len(docs)) for name, docs in counts[label].items()),
                key=lambda item: (-item[1], item[0]),
            )[:limit]
            for label in labels
            if counts[label]
        }

    # -- corrections --------------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        return [
            Correction(*row)
            for row in self.db.execute(
                "SELECT id, kind, label, canonical, value, created_at FROM entity_corrections "
                "ORDER BY id"
            )
        ]

    def add_correction(self, kind: str, key: EntityKey, value: str | None, now: str) -> int:
        if kind not in CORRECTION_KINDS:
            raise BriefingError(f"unknown correction {kind!r}")
        with self.store.transaction() as db:
            if kind in ("rename", "merge", "relabel"):  # a newer rewrite replaces the older one
                db.execute(
                    "DELETE FROM entity_corrections WHERE kind IN ('rename', 'merge', 'relabel') "
                    "AND label = ? AND canonical = ?",
                    key,
                )
            cursor = db.execute(
                "INSERT INTO entity_corrections (kind, label, canonical, value, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (kind, key[0], key[1], value, now),
            )
            return int(cursor.lastrowid or 0)

    def remove_correction(self, correction_id: int) -> Correction:
        row = self.db.execute(
            "SELECT id, kind, label, canonical, value, created_at FROM entity_corrections "
            "WHERE id = ?",
            (correction_id,),
        ).fetchone()
        if row is None:
            raise BriefingError(f"no correction with id {correction_id}")
        with self.store.transaction() as db:
            db.execute("DELETE FROM entity_corrections WHERE id = ?", (correction_id,))
        return Correction(*row)

    def unhide(self, keys: Iterable[EntityKey]) -> None:
        with self.store.transaction() as db:
            db.executemany(
                "DELETE FROM entity_corrections WHERE kind = 'hide' AND label = ? AND canonical = ?",
                list(keys),
            )

    def mark_not_entity(self, doc_id: int, start: int, end: int, now: str) -> str:
        """Record that ``start:end`` of a document is not an entity; returns the span text."""
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise BriefingError(f"no document with id {doc_id}")
        if not 0 <= start < end <= len(row[0]):
            raise BriefingError(f"span {start}–{end} is outside document {doc_id}")
        span_text = str(row[0][start:end])
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO span_corrections (document_id, start_offset, end_offset, text, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (doc_id, start, end, span_text, now),
            )
        return span_text


def _occurrences(text: str, needle: str) -> Iterable[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)
