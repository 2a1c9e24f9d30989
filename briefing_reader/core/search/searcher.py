"""Run a parsed query: ranked or dated hits, pinpoint snippets, facets, did-you-mean."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from whoosh import query, sorting
from whoosh.fields import Schema
from whoosh.searching import Searcher

from briefing_reader.core.model import Annotation, Document
from briefing_reader.core.search.query import ParsedQuery, parse_query
from briefing_reader.core.search.snippets import Snippet, lead_snippet, pinpoint_highlighter

#: Facet name → index field; the GUI shows these as filters.
FACET_FIELDS = {"source": "source_facet", "year": "year"}
#: Entity facets (counted by the app from the database) filter on these text fields.
ENTITY_FILTER_FIELDS = ("person", "org", "place")
FACET_LIMIT = 20


@dataclass(slots=True)
class SearchHit:
    id: int
    title: str
    source: str | None
    published: str | None
    score: float
    snippet: Snippet
    #: The user's annotations in this document that the query's words or tags match.
    annotations: list[Annotation] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(span) for span in self.snippet.highlights],
        }
        if self.annotations:
            data["annotations"] = [
                {"id": a.id, "uid": a.uid, "quote": a.exact, "note": a.note, "tags": a.tags}
                for a in self.annotations
            ]
        return data


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit]
    page: int
    page_size: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "results": [hit.to_json() for hit in self.hits],
            "facets": {
                name: [{"value": value, "count": count} for value, count in counts]
                for name, counts in self.facets.items()
            },
            "suggestion": self.suggestion,
            "notices": self.notices,
        }


def _facet_filter(filters: Mapping[str, str], schema: Schema) -> query.Query | None:
    """Facet selections (``{"source": "Reuters", "year": "2017"}``) → a filter query.

    An entity facet (``{"person": "Lloyd Austin"}``) is a phrase in that entity
    field, which holds each entity's canonical name.
    """
    parts: list[query.Query] = []
    for name, value in filters.items():
        fieldname = FACET_FIELDS.get(name)
        if fieldname == "year":
            try:
                parts.append(query.NumericRange("year", int(value), int(value)))
            except ValueError:
                raise ValueError(f"the year filter {value!r} is not a year") from None
        elif fieldname:
            parts.append(query.Term(fieldname, value))
        elif name in ENTITY_FILTER_FIELDS:
            words = [t.text for t in schema[name].analyzer(value)]
            if words:
                parts.append(
                    query.Phrase(name, words) if len(words) > 1 else query.Term(name, words[0])
                )
        else:
            raise ValueError(f"unknown filter {name!r}")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


def _facets(results: object) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in FACET_FIELDS:
        counts = results.groups(name)  # type: ignore[attr-defined]
        ordered = sorted(
            (
                (str(value), int(count))
                for value, count in counts.items()
                if value not in (None, "", 0, "0")
            ),
            key=lambda item: (-item[1], item[0]) if name != "year" else (-int(item[0]), 0),
        )
        facets[name] = ordered[:FACET_LIMIT]
    return facets


#: Entity facets count over at most this many best matches (exact below it).
ENTITY_FACET_DOCS = 1000


def _matched_ids(searcher: Searcher, results: object) -> list[int]:
    """Document ids of the best matches (ranked first), up to ENTITY_FACET_DOCS."""
    ids = searcher.reader().column_reader("id")
    ranked = [int(ids[hit.docnum]) for hit in results]  # type: ignore[attr-defined]
    if len(ranked) >= ENTITY_FACET_DOCS or len(ranked) == len(results):  # type: ignore[arg-type]
        return ranked[:ENTITY_FACET_DOCS]
    seen = set(ranked)
    for docnum in results.docs():  # type: ignore[attr-defined]
        doc_id = int(ids[docnum])
        if doc_id not in seen:
            ranked.append(doc_id)
            seen.add(doc_id)
            if len(ranked) >= ENTITY_FACET_DOCS:
                break
    return ranked


def run_search(
    searcher: Searcher,
    text: str,
    load_documents: Callable[[list[int]], dict[int, Document]],
    *,
    page: int = 1,
    page_size: int = 10,
    sort: str = "relevance",
    filters: Mapping[str, str] | None = None,
    suggest: Callable[[ParsedQuery, int], str | None] | None = None,
    entity_facets: Callable[[list[int]], dict[str, list[tuple[str, int]]]] | None = None,
) -> SearchResults:
    """Search with ``searcher``; documents for snippets come from ``load_documents``."""
    parsed = parse_query(text, searcher.schema)
    q = parsed.query if parsed.query is not None else query.Every()
    filter_q = _facet_filter(filters or {}, searcher.schema)
    sortedby = None
    if sort == "date" or parsed.query is None:
        sortedby = [
            sorting.FieldFacet("date", reverse=True),
            sorting.FieldFacet("id", reverse=True),
        ]
    page = max(1, page)
    groupedby = {
        name: sorting.FieldFacet(f, maptype=sorting.Count) for name, f in FACET_FIELDS.items()
    }
    results = searcher.search(
        q,
        limit=page * page_size,
        sortedby=sortedby,
        filter=filter_q,
        terms=True,
        groupedby=groupedby,
    )
    results.highlighter = pinpoint_highlighter()
    window = list(results)[(page - 1) * page_size : page * page_size]
    docs = load_documents([int(hit["id"]) for hit in window])
    hits: list[SearchHit] = []
    for hit in window:
        doc = docs.get(int(hit["id"]))
        if doc is None:  # removed from the database; the index catches up later
            continue
        snippet = hit.highlights("body", text=doc.text, top=2) if parsed.query else None
        if not snippet or not snippet.text:
            snippet = lead_snippet(doc.text)
        hits.append(
            SearchHit(
                id=doc.id,
                title=doc.title,
                source=doc.source,
                published=doc.published.iso() if doc.published else None,
                score=hit.score
                if isinstance(hit.score, float | int)
                else 0.0,  # date sort: no score
                snippet=snippet,
            )
        )
    total = len(results)
    outcome = SearchResults(
        query=text,
        total=total,
        hits=hits,
        page=page,
        page_size=page_size,
        facets=_facets(results),
        notices=list(parsed.notices),
    )
    if entity_facets is not None and total:
        outcome.facets.update(entity_facets(_matched_ids(searcher, results)))
    if suggest is not None and parsed.plain_words:
        outcome.suggestion = suggest(parsed, total)
    return outcome
