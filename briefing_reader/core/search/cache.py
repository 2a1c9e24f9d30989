"""What one searcher remembers between searches: results, facets, matches, columns.

A searcher sees one generation of the index, so nothing kept here can go stale: when
the index changes, the library opens a new searcher and this cache goes with the old
one. Typing produces runs of searches that share work (a word typed and erased, a
page turned, the sort changed); each kind of reuse is a small bounded LRU.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from whoosh import query
from whoosh.searching import Searcher

from briefing_reader.core.search.facets import FacetColumns
from briefing_reader.core.search.lru import Lru
from briefing_reader.core.search.matching import matching_documents
from briefing_reader.core.search.postings import Postings

if TYPE_CHECKING:
    from briefing_reader.core.search.results import SearchResults

#: Whole results kept per searcher (query, filters, sort, page).
CACHED_RESULTS = 64
#: Facet sets kept per searcher (query, filters): shared by its pages and sorts.
CACHED_FACETS = 64
#: Matching documents kept per searcher over all cached queries and filters (a set costs
#: some 60 bytes a document: about 6 MB).
CACHED_MATCH_DOCUMENTS = 100_000


class SearcherCache:
    def __init__(self) -> None:
        self.columns = FacetColumns()
        self.results: Lru[SearchResults] = Lru(CACHED_RESULTS)
        self.facets: Lru[dict[str, list[tuple[str, int]]]] = Lru(CACHED_FACETS)
        self._matches: Lru[set[int]] = Lru(CACHED_MATCH_DOCUMENTS, weigh=len)
        self._postings: Postings | None = None

    def matching(self, searcher: Searcher, q: query.Query) -> set[int]:
        """The documents ``q`` matches (a query and a facet filter are kept apart, so a
        facet click reuses the query's documents)."""
        found = self._matches.get(q)
        if found is None:
            found = self._matches.put(q, matching_documents(searcher, q))
        return found

    def postings(self, searcher: Searcher) -> Postings:
        """The searcher's postings and lengths as arrays, made on first use."""
        if self._postings is None:
            self._postings = Postings(searcher.reader())
        return self._postings


_caches: weakref.WeakKeyDictionary[Searcher, SearcherCache] = weakref.WeakKeyDictionary()


def searcher_cache(searcher: Searcher) -> SearcherCache:
    """The cache of ``searcher``, made on first use and dropped with the searcher."""
    cache = _caches.get(searcher)
    if cache is None:
        cache = _caches[searcher] = SearcherCache()
    return cache
