"""Search the library (the operation behind ``search`` and the GUI's search box)."""

from __future__ import annotations

import linecache
import re
from collections.abc import Mapping

from briefing_reader.app.listing import newest
from briefing_reader.app.progress import ProgressCallback, rebuild_reporter
from briefing_reader.core.library import Library
from briefing_reader.core.search.query import ParsedQuery
from briefing_reader.core.search.results import SearchResults
from briefing_reader.core.search.searcher import library_facets, run_search

SORTS = ("relevance", "date")

# The Qt binding's import hook (see gui.pyside_modules) reads the source of every module
# imported after it into linecache; the search code brings numpy, whose sources (10 MB)
# are never read again.
linecache.clearcache()


def search(
    library: Library,
    text: str,
    *,
    page: int = 1,
    page_size: int = 10,
    sort: str = "relevance",
    filters: Mapping[str, str] | None = None,
    progress: ProgressCallback | None = None,
) -> SearchResults:
    """Search; repairs the index first if it is missing or behind the database.

    An empty query without filters lists the library newest first (whatever ``sort``
    says): pages come from the database (:mod:`listing`), the facets from the index.
    An index of an earlier version is rebuilt by the first search, which can take
    minutes on a large library: ``progress`` hears of it document by document.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    notice = library.ensure_index(rebuild_reporter(progress))
    if not text.strip() and not filters:
        listed = newest(library.store, page=page, page_size=page_size, text=text)
        listed.facets = library_facets(library.index.searcher())
        if notice:
            listed.notices.insert(0, notice)
        return listed

    def suggest(parsed: ParsedQuery, total: int) -> str | None:
        return library.suggester.suggest(parsed.text, parsed.plain_words)

    results = run_search(
        library.index.searcher(),
        text,
        library.store.get_many,
        page=page,
        page_size=page_size,
        sort=sort,
        filters=filters,
        suggest=suggest,
    )
    if notice:
        results.notices.insert(0, notice)
    _attach_annotations(library, results)
    return results


_QUERY_WORD = re.compile(r"(?:(\w+):)?(\"[^\"]+\"|[^\s()\"]+)")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def _attach_annotations(library: Library, results: SearchResults) -> None:
    """Give each hit the annotations its query matches: by tag, or words in note or quote."""
    if not results.query.strip() or not results.hits:
        return
    words: list[str] = []
    tags: list[str] = []
    for field_name, value in _QUERY_WORD.findall(results.query):
        value = value.strip('"').rstrip("*~0123456789").casefold()
        if not value or value.upper() in _OPERATORS or field_name == "date":
            continue
        if field_name in ("tag", "tags"):
            tags.append(value.lstrip("#"))
        elif field_name in ("", "note", "notes", "text", "body"):
            words.append(value)
    if not words and not tags:
        return
    by_doc = library.annotations.for_documents([hit.id for hit in results.hits])
    for hit in results.hits:
        for annotation in by_doc.get(hit.id, []):
            text = f"{annotation.exact}\n{annotation.note}".casefold()
            own_tags = {t.casefold() for t in annotation.tags}
            if any(t in own_tags for t in tags) or any(w in text for w in words):
                hit.annotations.append(annotation)
