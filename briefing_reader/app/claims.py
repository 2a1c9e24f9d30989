"""Claim operations: a document's key claims, claims by or about an entity, and the
user's corrections of a claim (speaker, kind, hidden)."""

from __future__ import annotations

from briefing_reader.app.entities import find_entity
from briefing_reader.core.claim_store import CORRECTABLE_KINDS
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.model import StoredClaim, key_claims_chosen

ORDERS = ("reading", "importance")


def document_claims(
    library: Library,
    doc_id: int,
    order: str = "reading",
    limit: int | None = None,
    every: bool = False,
    with_hidden: bool = False,
) -> list[StoredClaim]:
    """A document's key claims (``every``: all its claims) in reading order, or the most
    important first. An analysis from before key claims were chosen marks none: then
    every claim is given (:func:`~briefing_reader.core.model.key_claims_chosen` tells)."""
    library.store.get(doc_id)  # a clear error for an unknown id
    claims = library.claims.for_document(doc_id, with_hidden=True)
    if not every and key_claims_chosen(claims):
        claims = [c for c in claims if c.key]
    if not with_hidden:
        claims = [c for c in claims if not c.hidden]
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


def correct_claim(
    library: Library,
    doc_id: int,
    start: int,
    speaker: str | None = None,
    kind: str | None = None,
    hidden: bool | None = None,
) -> StoredClaim:
    """Give a claim another speaker (an entity's name, ``LABEL:Name``, or a new name), set
    its kind, or hide it; kept across re-analysis."""
    library.store.get(doc_id)
    if kind is not None and kind not in CORRECTABLE_KINDS:
        raise BriefingError(
            f"unknown claim kind {kind!r}; use one of {', '.join(CORRECTABLE_KINDS)}"
        )
    who = None
    if speaker is not None:
        name = speaker.strip()
        if not name:
            raise BriefingError("a speaker needs a name")
        try:
            entity = find_entity(library, name)
            who = (entity.label, entity.canonical)
        except BriefingError:
            who = ("PERSON", name)  # someone the analysis did not find
    try:
        claim = library.claims.correct(doc_id, start, speaker=who, kind=kind, hidden=hidden)
    except KeyError as exc:
        raise BriefingError(exc.args[0]) from exc
    library.index_documents([doc_id])
    return claim


def undo_claim_correction(library: Library, doc_id: int, start: int) -> bool:
    """Back to the analysis's speaker and kind, and shown again."""
    library.store.get(doc_id)
    undone = library.claims.forget_correction(doc_id, start)
    if undone:
        library.index_documents([doc_id])
    return undone
