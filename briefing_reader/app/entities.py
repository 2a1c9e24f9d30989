"""Entity operations: list, and the user's corrections (applied everywhere at once)."""

from __future__ import annotations

import datetime as dt

from briefing_reader.app.documents import Changes
from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.model import Correction, Entity, EntityKey
from briefing_reader.core.search.index import IndexBusyError


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def list_entities(
    library: Library,
    doc_id: int | None = None,
    label: str | None = None,
    include_hidden: bool = False,
    limit: int = 0,
) -> list[Entity]:
    """Entities of the library (or one document), most widespread first, each with the
    names the library joined to it and why."""
    if doc_id is not None:
        library.store.get(doc_id)  # a clear error for an unknown id
    entities = library.entities.entities(doc_id, include_hidden=include_hidden)
    if label:
        entities = [e for e in entities if e.label == label.upper()]
    if limit > 0:
        entities = entities[:limit]
    library.entities.explain(entities)
    return entities


def find_entity(library: Library, ref: str, include_hidden: bool = True) -> Entity:
    """``LABEL:Name`` or a plain name (or alias), case-insensitive; it must be unambiguous."""
    label, sep, name = ref.partition(":")
    if not sep or label.upper() not in LABELS:
        label, name = "", ref
    wanted = name.strip().casefold()
    entities = library.entities.entities(include_hidden=include_hidden)
    matches = [
        e
        for e in entities
        if (not label or e.label == label.upper())
        and (e.canonical.casefold() == wanted or wanted in {a.casefold() for a in e.aliases})
    ]
    exact = [e for e in matches if e.canonical.casefold() == wanted]
    matches = exact or matches
    if not matches:  # "yomiuri" for "The Yomiuri Shimbun": every word of the query in the name
        words = set(wanted.split())
        matches = [
            e
            for e in entities
            if (not label or e.label == label.upper())
            and words <= set(e.canonical.casefold().split())
        ]
    if not matches:
        raise BriefingError(f"no entity called {ref!r}; see 'briefing-reader entities'")
    if len(matches) > 1:
        options = ", ".join(e.ref for e in matches[:6])
        raise BriefingError(f"{ref!r} is ambiguous: {options}; write it as LABEL:Name")
    return matches[0]


def _reindex(library: Library, keys: list[EntityKey], changes: Changes) -> Changes:
    """Link the touched names again (a correction keeps its name out of automatic links)
    and re-index every document whose entities changed."""
    doc_ids = library.entities.documents_touching(keys)
    relinked = library.entities.relink(doc_ids).changed if doc_ids else []
    doc_ids = sorted(set(doc_ids) | set(relinked))
    changes.updated = doc_ids
    changes.entities = True
    try:
        library.index_documents(doc_ids)
    except IndexBusyError as exc:
        changes.notices.append(str(exc))
    return changes


def _correct(library: Library, ref: str, kind: str, value: str | None) -> Changes:
    entity = find_entity(library, ref)
    keys = library.entities.keys_resolving_to((entity.label, entity.canonical))
    for key in keys:
        library.entities.add_correction(kind, key, value, _now())
    return _reindex(library, keys, Changes())


def rename_entity(library: Library, ref: str, new_name: str) -> Changes:
    new_name = " ".join(new_name.split())
    if not new_name:
        raise BriefingError("an entity name cannot be empty")
    return _correct(library, ref, "rename", new_name)


def relabel_entity(library: Library, ref: str, label: str) -> Changes:
    label = label.upper()
    if label not in LABELS:
        raise BriefingError(f"unknown label {label!r}; labels: {', '.join(LABELS)}")
    return _correct(library, ref, "relabel", label)


def merge_entities(library: Library, ref: str, into: str) -> Changes:
    target = find_entity(library, into)
    source = find_entity(library, ref)
    if (source.label, source.canonical) == (target.label, target.canonical):
        raise BriefingError("an entity cannot be merged into itself")
    return _correct(library, ref, "merge", target.ref)


def hide_entity(library: Library, ref: str) -> Changes:
    return _correct(library, ref, "hide", None)


def unhide_entity(library: Library, ref: str) -> Changes:
    entity = find_entity(library, ref)
    keys = library.entities.keys_resolving_to((entity.label, entity.canonical))
    library.entities.unhide(keys)
    return _reindex(library, keys, Changes())


def split_entity(library: Library, ref: str, name: str) -> Changes:
    """Undo an automatic join: ``name`` (as the analysis wrote it) is kept apart from the
    entity ``ref`` everywhere, as a correction that ``corrections --undo`` can take back."""
    entity = find_entity(library, ref)
    library.entities.explain([entity])
    wanted = " ".join(name.split()).casefold()
    keys = [(label, joined) for label, joined, _, _ in entity.joined if joined.casefold() == wanted]
    if not keys:
        names = ", ".join(sorted({joined for _, joined, _, _ in entity.joined})) or "none"
        raise BriefingError(
            f"{name!r} was not joined to {entity.ref} automatically (joined names: {names})"
        )
    for key in keys:
        library.entities.add_correction("separate", key, entity.ref, _now())
    return _reindex(library, [*keys, (entity.label, entity.canonical)], Changes())


def mark_not_entity(library: Library, doc_id: int, start: int, end: int) -> Changes:
    """This span of this document is not an entity (kept across re-analysis)."""
    library.entities.mark_not_entity(doc_id, start, end, _now())
    changes = Changes(updated=[doc_id])
    try:
        library.index_documents([doc_id])
    except IndexBusyError as exc:
        changes.notices.append(str(exc))
    return changes


def list_corrections(library: Library) -> list[Correction]:
    return library.entities.corrections()


def undo_correction(library: Library, correction_id: int) -> Changes:
    removed = library.entities.remove_correction(correction_id)
    return _reindex(library, [(removed.label, removed.canonical)], Changes())
