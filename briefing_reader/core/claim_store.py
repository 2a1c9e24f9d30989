"""Claims in the database, read back with the user's entity corrections applied."""

from __future__ import annotations

import json

from briefing_reader.core.analysis.claims import Claim
from briefing_reader.core.entity_store import EntityStore, Resolver
from briefing_reader.core.model import EntityKey, StoredClaim
from briefing_reader.core.model import no_speaker_label as no_speaker_label  # re-exported

_SELECT = (
    "SELECT c.document_id, c.start_offset, c.end_offset, "
    "substr(d.text, c.start_offset + 1, c.end_offset - c.start_offset), c.kind, "
    "c.speaker_label, c.speaker, c.attributed, c.hedges, c.score, c.features "
    "FROM claims c JOIN documents d ON d.id = c.document_id "
)


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
                "speaker_label, speaker, attributed, hedges, score, features) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            doc_id, start, end, text, kind, label, speaker, attributed, hedges, score, feats = row
            if speaker is not None and label is not None:
                (label, speaker), _hidden = resolver.resolve((label, speaker))
            out.append(
                StoredClaim(
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
                )
            )
        return out

    def for_document(self, doc_id: int, resolver: Resolver | None = None) -> list[StoredClaim]:
        """A document's claims in reading order."""
        return self._rows("WHERE c.document_id = ? ORDER BY c.start_offset", (doc_id,), resolver)

    def by_speakers(self, keys: list[EntityKey]) -> list[StoredClaim]:
        """Claims whose speaker is stored under any of these analysis keys."""
        claims: list[StoredClaim] = []
        resolver = self.entities.resolver()
        for label, name in keys:
            claims += self._rows(
                "WHERE c.speaker_label = ? AND c.speaker = ? "
                "ORDER BY c.document_id, c.start_offset",
                (label, name),
                resolver,
            )
        return sorted(claims, key=lambda c: (c.document_id, c.start))

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
                if (claim.document_id, claim.start) not in seen:
                    seen.add((claim.document_id, claim.start))
                    claims.append(claim)
        return sorted(claims, key=lambda c: (c.document_id, c.start))
