"""Search the library (the operation behind ``search`` and the GUI's search box)."""

from __future__ import annotations

from collections.abc import Mapping

from briefing_reader.core.library import Library
from briefing_reader.core.search.query import ParsedQuery
from briefing_reader.core.search.searcher import SearchResults, run_search

SORTS = ("relevance", "date")


def search(
    library: Library,
    text: str,
    *,
    page: int = 1,
    page_size: int = 10,
    sort: str = "relevance",
    filters: Mapping[str, str] | None = None,
) -> SearchResults:
    """Search; repairs the index first if it is missing or behind the database."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    notice = library.ensure_index()

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
    return results
