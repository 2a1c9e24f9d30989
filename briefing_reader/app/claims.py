"""Claim operations: a document's key claims, and claims by or about an entity."""

from __future__ import annotations

from briefing_reader.app.entities import find_entity
from briefing_reader.core.library import Library
from briefing_reader.core.model import StoredClaim

ORDERS = ("reading", "importance")


def document_claims(
    library: Library, doc_id: int, order: str = "reading", limit: int | None = None
) -> list[StoredClaim]:
    """A document's claims in reading order, or the most important first."""
    library.store.get(doc_id)  # a clear error for an unknown id
    claims = library.claims.for_document(doc_id)
    if order == "importance":
        claims = sorted(claims, key=lambda c: -c.score)
    elif order != "reading":
        raise ValueError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    return claims[:limit] if limit else claims


def claims_by(library: Library, ref: str) -> list[StoredClaim]:
    """Everything an entity is recorded as saying, across the library."""
    entity = find_entity(library, ref)
    keys = library.entities.keys_resolving_to((entity.label, entity.canonical))
    keys.append((entity.label, entity.canonical))  # editorial speakers need no mention
    return library.claims.by_speakers(sorted(set(keys)))


def claims_about(library: Library, ref: str) -> list[StoredClaim]:
    """Claims whose sentence names the entity."""
    entity = find_entity(library, ref)
    keys = library.entities.keys_resolving_to((entity.label, entity.canonical))
    return library.claims.about(keys)
