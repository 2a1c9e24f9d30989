"""The library listing: its documents newest first, read from the database alone.

An empty query lists the library. That needs no search index: a page is read from
SQLite through the date index, so it costs the same at 4,000 documents as at 64,000
and loads none of the search code (Whoosh, facets, the analysis stores). The window
shows its first listing this way while the search code loads; the search operation
lists the same pages the same way and adds the library's facets.
"""

from __future__ import annotations

from pathlib import Path

from briefing_reader.core.search.results import (
    LEAD_LENGTH,
    LEAD_SCAN,
    SearchHit,
    SearchResults,
    lead_snippet,
)
from briefing_reader.core.store import Store


def open_database(folder: Path) -> Store:
    """The database of the library in ``folder`` (created when missing); the caller closes
    it, or hands it to :func:`briefing_reader.app.session.open_library`."""
    return Store.in_folder(folder)


def newest(store: Store, *, page: int = 1, page_size: int = 10, text: str = "") -> SearchResults:
    """Page ``page`` of the library, newest first (undated last), as the empty query's
    results: the same order Whoosh sorts the empty query in, without its facets."""
    page = max(1, page)
    rows = store.newest(page_size, (page - 1) * page_size, opening=LEAD_LENGTH * LEAD_SCAN)
    hits = [
        SearchHit(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            published=row["published"] or None,  # stored as PartialDate.iso() gives it
            score=0.0,
            snippet=lead_snippet(row["opening"]),
        )
        for row in rows
    ]
    return SearchResults(query=text, total=store.count(), hits=hits, page=page, page_size=page_size)
