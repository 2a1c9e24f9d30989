"""What the reading view shows for one document, gathered in one operation.

The GUI calls this (and nothing lower) when a document opens, so the reading
view, the claims panel and the entities panel all show one consistent state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing_reader.core.analysis.version import ANALYSIS_VERSION
from briefing_reader.core.library import Library
from briefing_reader.core.model import Annotation, Document, Entity, ResolvedMention, StoredClaim
from briefing_reader.core.search.terms import query_term_spans


@dataclass(slots=True)
class Reading:
    """A document with its mentions, claims, entities and the query's matches."""

    document: Document
    mentions: list[ResolvedMention] = field(default_factory=list)
    claims: list[StoredClaim] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    term_spans: list[tuple[int, int]] = field(default_factory=list)
    analysed: bool = False
    #: analysed by an earlier version (entities and key claims may differ from a new analysis)
    outdated: bool = False
    annotations: list[Annotation] = field(default_factory=list)
    palette: list[tuple[str, str]] = field(default_factory=list)


def open_document(library: Library, doc_id: int, query_text: str = "") -> Reading:
    """Everything the reader needs for ``doc_id``; ``query_text`` marks the search's words."""
    document = library.store.get(doc_id)
    resolver = library.entities.resolver()
    spans: list[tuple[int, int]] = []
    if query_text.strip():
        library.ensure_index()
        spans = query_term_spans(library.index.searcher(), query_text, document.text)
    entities = library.entities.entities(doc_id)
    library.entities.explain(entities)
    version = library.entities.analysis_version(doc_id)
    return Reading(
        document=document,
        mentions=library.entities.mentions(doc_id, resolver=resolver),
        claims=library.claims.for_document(doc_id, with_hidden=True, resolver=resolver),
        entities=entities,
        term_spans=spans,
        analysed=version is not None,
        outdated=version is not None and version != ANALYSIS_VERSION,
        annotations=library.annotations.for_document(doc_id),
        palette=library.annotations.palette(),
    )


@dataclass(frozen=True, slots=True)
class EntityDocument:
    """A document that names an entity (for the entities panel)."""

    id: int
    title: str
    source: str | None
    published: str | None


def entity_documents(library: Library, label: str, canonical: str) -> list[EntityDocument]:
    """The documents where the entity the user sees as ``label:canonical`` appears."""
    keys = library.entities.keys_resolving_to((label, canonical)) or [(label, canonical)]
    ids = library.entities.documents_touching(keys)
    docs = sorted(
        library.store.get_many(ids).values(),
        key=lambda d: (-((d.published and d.published.sort_key) or 0), d.id),
    )
    return [
        EntityDocument(d.id, d.title, d.source, d.published.iso() if d.published else None)
        for d in docs
    ]


def annotations_of(library: Library, doc_id: int) -> tuple[list[Annotation], list[tuple[str, str]]]:
    """A document's highlights and the palette, to repaint them without reopening it."""
    return library.annotations.for_document(doc_id), library.annotations.palette()
