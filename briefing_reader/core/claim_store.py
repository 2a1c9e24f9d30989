"""Claims in the database, read back with the user's entity and claim corrections applied.

Claim corrections (speaker, kind, hidden) are stored apart from the analysis, keyed by the
claim's document, start and text, so re-analysis replaces the claims and keeps them.
"""

from __future__ import annotations

import datetime as dt
import json

from briefing_reader.core.analysis.claims import KINDS, Claim
from briefing_reader.core.entity_store import EntityStore, Resolver
from briefing_reader.core.model import EntityKey, StoredClaim
from briefing_reader.core.model import no_speaker_label as no_speaker_label  # re-exported

_SELECT = (
    "SELECT c.document_id, c.start_offset, c.end_offset, "
    "substr(d.text, c.start_offset + 1, c.end_offset - c.start_offset) AS body, c.kind, "
    "c.speaker_label, c.speaker, c.attributed, c.hedges, c.score, c.features, c.is_key, "
    "c.inferred, substr(d.text, c.named_start + 1, c.named_end - c.named_start), "
    "k.speaker, k.speaker_label, k.kind, coalesce(k.hidden, 0) "
    "FROM claims c JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN claim_corrections k ON k.document_id = c.document_id "
    "AND k.start_offset = c.start_offset "
    "AND k.text = substr(d.text, c.start_offset + 1, c.end_offset - c.start_offset) "
)

#: Claim kinds a user may set.
CORRECTABLE_KINDS = KINDS


class ClaimStore:
    def __init__(self, entities: EntityStore) -> None:
        self.entities = entities
        self.store = entities.store
        self.db = entities.db

    def save(self, doc_id: int, claims: list[Claim]) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
            db.executemany(
                "INSERT OR REPLACE INTO claims (document_id, start_offset, end_offset, kind, "
                "speaker_label, speaker, attributed, hedges, score, features, is_key, inferred, "
                "named_start, named_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_id,
                        c.start,
                        c.end,
                        c.kind,
                        c.speaker_label,
                        c.speaker,
                        int(c.attributed),
                        json.dumps(c.hedges),
                        c.score,
                        json.dumps(c.features),
                        int(c.key),
                        c.inferred,
                        c.named_at[0] if c.named_at else None,
                        c.named_at[1] if c.named_at else None,
                    )
                    for c in claims
                ],
            )

    def _rows(
        self, where: str, args: tuple[object, ...], resolver: Resolver | None
    ) -> list[StoredClaim]:
        resolver = resolver or self.entities.resolver()
        out = []
        for row in self.db.execute(_SELECT + where, args):
            doc_id, start, end, text, kind, label, speaker, attributed, hedges, score, feats = row[
                :11
            ]
            key, inferred, named_in, own_speaker, own_label, own_kind, hidden = row[11:]
            if speaker is not None and label is not None:
                (label, speaker), _hidden = resolver.resolve((label, speaker))
            claim = StoredClaim(
                doc_id,
                start,
                end,
                text,
                kind,
                speaker,
                label,
                bool(attributed),
                json.loads(hedges),
                float(score),
                json.loads(feats),
                key=bool(key),
                inferred=inferred,
                named_in=named_in,
                hidden=bool(hidden),
            )
            if own_speaker is not None:
                claim.speaker, claim.speaker_label = own_speaker, own_label
                claim.attributed, claim.inferred, claim.named_in = True, "", None
                claim.corrected = True
            if own_kind is not None:
                claim.kind, claim.corrected = own_kind, True
            out.append(claim)
        return out

    def correct(
        self,
        doc_id: int,
        start: int,
        speaker: tuple[str, str] | None = None,
        kind: str | None = None,
        hidden: bool | None = None,
    ) -> StoredClaim:
        """Set a claim's speaker (label, name), its kind, or whether it is hidden; what
        is not given stays as it was. Raises ``KeyError`` for no claim at ``start``."""
        claim = next((c for c in self.for_document(doc_id, True) if c.start == start), None)
        if claim is None:
            raise KeyError(f"document {doc_id} has no claim starting at {start}")
        if kind is not None and kind not in CORRECTABLE_KINDS:
            raise ValueError(f"unknown claim kind {kind!r}; use one of {', '.join(KINDS)}")
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO claim_corrections (document_id, start_offset, text, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, start_offset) "
                "DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (doc_id, start, claim.text, now),
            )
            if speaker is not None:
                db.execute(
                    "UPDATE claim_corrections SET speaker_label = ?, speaker = ? "
                    "WHERE document_id = ? AND start_offset = ?",
                    (speaker[0], speaker[1], doc_id, start),
                )
            if kind is not None:
                db.execute(
                    "UPDATE claim_corrections SET kind = ? WHERE document_id = ? "
                    "AND start_offset = ?",
                    (kind, doc_id, start),
                )
            if hidden is not None:
                db.execute(
                    "UPDATE claim_corrections SET hidden = ? WHERE document_id = ? "
                    "AND start_offset = ?",
                    (int(hidden), doc_id, start),
                )
        return next(c for c in self.for_document(doc_id, True) if c.start == start)

    def corrections(self) -> list[dict[str, object]]:
        """Every claim the user corrected or hid, by document and position."""
        rows = self.db.execute(
            "SELECT document_id, start_offset, text, speaker, kind, hidden FROM claim_corrections "
            "ORDER BY document_id, start_offset"
        )
        return [
            {
                "document": doc_id,
                "start": start,
                "text": text,
                "speaker": speaker,
                "kind": kind,
                "hidden": bool(hidden),
            }
            for doc_id, start, text, speaker, kind, hidden in rows
        ]

    def forget_correction(self, doc_id: int, start: int) -> bool:
        """Drop the user's corrections of one claim; True when there were any."""
        with self.store.transaction() as db:
            cursor = db.execute(
                "DELETE FROM claim_corrections WHERE document_id = ? AND start_offset = ?",
                (doc_id, start),
            )
        return cursor.rowcount > 0

    def for_document(
        self, doc_id: int, with_hidden: bool = False, resolver: Resolver | None = None
    ) -> list[StoredClaim]:
        """A document's claims in reading order (those the user hid only on request)."""
        claims = self._rows("WHERE c.document_id = ? ORDER BY c.start_offset", (doc_id,), resolver)
        return claims if with_hidden else [c for c in claims if not c.hidden]

    def by_speakers(self, keys: list[EntityKey]) -> list[StoredClaim]:
        """Claims whose speaker is stored under any of these analysis keys, or that the
        user gave to one of them; hidden claims left out."""
        claims: dict[tuple[int, int], StoredClaim] = {}
        resolver = self.entities.resolver()
        wanted = set(keys)
        for label, name in keys:
            for where in (
                "c.speaker_label = ? AND c.speaker = ?",
                "k.speaker_label = ? AND k.speaker = ?",
            ):
                for claim in self._rows(f"WHERE {where}", (label, name), resolver):
                    corrected_away = claim.corrected and (
                        (claim.speaker_label, claim.speaker) not in wanted
                    )
                    if not claim.hidden and not corrected_away:
                        claims[(claim.document_id, claim.start)] = claim
        return sorted(claims.values(), key=lambda c: (c.document_id, c.start))

    def about(self, keys: list[EntityKey]) -> list[StoredClaim]:
        """Claims whose sentence mentions any of these analysis keys."""
        claims: list[StoredClaim] = []
        resolver = self.entities.resolver()
        seen: set[tuple[int, int]] = set()
        for label, name in keys:
            for claim in self._rows(
                "WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.document_id = c.document_id "
                "AND m.label = ? AND m.canonical = ? AND m.start_offset >= c.start_offset "
                "AND m.end_offset <= c.end_offset) ORDER BY c.document_id, c.start_offset",
                (label, name),
                resolver,
            ):
                if (claim.document_id, claim.start) not in seen and not claim.hidden:
                    seen.add((claim.document_id, claim.start))
                    claims.append(claim)
        return sorted(claims, key=lambda c: (c.document_id, c.start))
