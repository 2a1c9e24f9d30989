"""Where a query's words occur in one document, for highlighting in the reading view.

The index knows which documents match; the reader also wants every occurrence in
the text. Terms are expanded against the index (wildcards, fuzzy ``~``), then the
document is tokenised with the body field's own analyzer, so "ospreys" lights up
for ``osprey`` exactly as it matched in search.
"""

from __future__ import annotations

from whoosh import query
from whoosh.searching import Searcher

from briefing_reader.core.search.query import parse_query

#: Fields whose terms are words of the body text.
TEXT_FIELDS = frozenset({"body", "title", "claim", "notes"})


def query_term_spans(searcher: Searcher, query_text: str, text: str) -> list[tuple[int, int]]:
    """Sorted ``(start, end)`` offsets in ``text`` of words the query searches for."""
    if not query_text.strip() or not text:
        return []
    schema = searcher.schema
    parsed = parse_query(query_text, schema)
    if parsed.query is None:
        return []
    wanted: set[str] = set()
    reader = searcher.reader()
    for leaf in _positive_leaves(parsed.query):
        try:
            terms = leaf.existing_terms(reader, expand=True)
        except Exception:  # an odd query node must not stop the document from opening
            terms = set(leaf.iter_all_terms())
        for fieldname, value in terms:
            if fieldname in TEXT_FIELDS:
                wanted.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
    if not wanted:
        return []
    analyzer = schema["body"].analyzer
    return [
        (token.startchar, token.endchar)
        for token in analyzer(text, chars=True, mode="index")
        if token.text in wanted
    ]


def _positive_leaves(node: query.Query) -> list[query.Query]:
    """The query's leaves outside any NOT: ``osprey NOT japan`` highlights only osprey."""
    if isinstance(node, query.Not):
        return []
    if isinstance(node, query.AndNot):
        return _positive_leaves(node.a)
    if node.is_leaf():
        return [node]
    leaves: list[query.Query] = []
    for child in node.children():
        leaves += _positive_leaves(child)
    return leaves
