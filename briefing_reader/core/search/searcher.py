"""Run a parsed query: ranked or dated hits, pinpoint snippets, facets, did-you-mean."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from itertools import chain

import numpy as np
from whoosh import query, sorting
from whoosh.fields import Schema
from whoosh.searching import Hit, Results, Searcher

from briefing_reader.core.model import Document
from briefing_reader.core.search.cache import searcher_cache
from briefing_reader.core.search.expansion import expansion_notices
from briefing_reader.core.search.facets import ENTITY_FACET_DOCS, FACET_FIELDS
from briefing_reader.core.search.postings import IntArray, Postings
from briefing_reader.core.search.query import ParsedQuery, parse_query
from briefing_reader.core.search.results import (
    SearchHit,
    SearchResults,
    copy_results,
    lead_snippet,
)
from briefing_reader.core.search.scoring import (
    BoolArray,
    Scored,
    score_query,
    top_docnums,
    top_documents,
)
from briefing_reader.core.search.snippets import body_matches, pinpoint_snippet

#: Entity facets filter on these text fields (phrases of the entity's name).
ENTITY_FILTER_FIELDS = ("person", "org", "place")


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
) -> SearchResults:
    """Search with ``searcher``; documents for snippets come from ``load_documents``.

    The same search asked again of the same searcher (a page back, a word typed and
    erased) is answered from its cache; facets are shared by every page and sort of
    one query.
    """
    page = max(1, page)
    cache = searcher_cache(searcher)
    key = (text, tuple(sorted((filters or {}).items())), sort, page, page_size)
    cached = cache.results.get(key)
    if cached is not None:
        return copy_results(cached)
    parsed = parse_query(text, searcher.schema)
    q = parsed.query if parsed.query is not None else query.Every()
    notices = list(parsed.notices) + expansion_notices(q, searcher.reader(), parsed.parsed_text)
    filter_q = _facet_filter(filters or {}, searcher.schema)
    by_date = sort == "date" or parsed.query is None
    scored = score_query(searcher, cache.postings(searcher), q)
    if scored is not None and filter_q is not None:
        scored.matched &= _mask(cache.matching(searcher, filter_q), len(scored.matched))
    results, counted = _ranked(searcher, q, scored, filter_q, by_date, page * page_size)
    # A slice of the ranked hits: ``list(results)`` would ask for the total first.
    window = results[(page - 1) * page_size : page * page_size]
    facet_key = (text, key[1])
    facets = cache.facets.get(facet_key)
    if facets is None:  # entities of the best matches (newest when nothing ranks them)
        shown = [hit.docnum for hit in window]
        ranked: Iterable[int] | IntArray = chain(shown, counted)
        if scored is not None and parsed.query is None:
            newest = cache.columns.newest_first(
                searcher.reader(), scored.matching(), ENTITY_FACET_DOCS
            )
            ranked = chain(shown, newest)
        elif scored is not None:
            best = top_docnums(scored, ENTITY_FACET_DOCS)
            ranked = np.concatenate((np.asarray(shown, dtype=np.int64), best))
        facets = cache.facets.put(
            facet_key, cache.columns.all_facets(searcher.reader(), counted, ranked)
        )
    hits = _hits(
        searcher,
        cache.postings(searcher),
        cache.columns.numbers(searcher.reader(), "id"),
        window,
        load_documents,
        q if parsed.query else None,
    )
    outcome = SearchResults(
        query=text,
        total=len(counted),
        hits=hits,
        page=page,
        page_size=page_size,
        facets={name: list(values) for name, values in facets.items()},
        notices=list(dict.fromkeys(notices)),
    )
    if suggest is not None and parsed.plain_words:
        outcome.suggestion = suggest(parsed, outcome.total)
    cache.results.put(key, copy_results(outcome))
    return outcome


def _ranked(
    searcher: Searcher,
    q: query.Query,
    scored: Scored | None,
    filter_q: query.Query | None,
    by_date: bool,
    limit: int,
) -> tuple[Results, Collection[int] | IntArray]:
    """The first ``limit`` hits, best first (or newest first, ``by_date``), and every
    match: from the array scorer when it could score the query, else from Whoosh."""
    cache = searcher_cache(searcher)
    if scored is not None:
        counted = scored.matching()
        if by_date:  # no score shown: Whoosh gives its sort key, not a number
            newest = cache.columns.newest_first(searcher.reader(), counted, limit)
            return Results(searcher, q, [((), docnum) for docnum in newest]), counted
        return Results(searcher, q, top_documents(scored, limit)), counted
    sortedby = None
    if by_date:
        sortedby = [
            sorting.FieldFacet("date", reverse=True),
            sorting.FieldFacet("id", reverse=True),
        ]
    results = searcher.search(q, limit=limit, sortedby=sortedby, filter=filter_q)
    matched = cache.matching(searcher, q)
    if filter_q is not None and matched:
        matched = matched & cache.matching(searcher, filter_q)
    return results, matched


def _mask(docnums: set[int], size: int) -> BoolArray:
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(docnums, dtype=np.int64, count=len(docnums))] = True
    return mask


def library_facets(searcher: Searcher) -> dict[str, list[tuple[str, int]]]:
    """The facets of the whole library (the empty query's), counted once per searcher.

    Entities are counted over the documents added last (the newest index entries),
    which is what the listing shows first; sources and years over every document.
    """
    cache = searcher_cache(searcher)
    key = ("", ())  # run_search's key for the empty query without filters: shared
    facets = cache.facets.get(key)
    if facets is None:
        every = cache.matching(searcher, query.Every())
        latest = sorted(every, reverse=True)
        facets = cache.facets.put(key, cache.columns.all_facets(searcher.reader(), every, latest))
    return {name: list(values) for name, values in facets.items()}


def _hits(
    searcher: Searcher,
    postings: Postings,
    document_ids: IntArray,
    window: list[Hit],
    load_documents: Callable[[list[int]], dict[int, Document]],
    q: query.Query | None,
) -> list[SearchHit]:
    """The shown hits with pinpoint snippets of where the query's words are in the body."""
    matches = {} if q is None else body_matches(searcher, postings, q, [h.docnum for h in window])
    ids = document_ids[[hit.docnum for hit in window]].tolist()  # not Whoosh's stored fields
    docs = load_documents(ids)
    hits: list[SearchHit] = []
    for hit, doc_id in zip(window, ids, strict=True):
        doc = docs.get(doc_id)
        if doc is None:  # removed from the database; the index catches up later
            continue
        snippet = pinpoint_snippet(doc.text, matches[hit.docnum]) if q is not None else None
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
    return hits
