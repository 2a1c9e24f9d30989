"""Every document a query matches, as a set, for the total and the facets.

Scoring needs only the best few documents, and Whoosh skips the rest block by block;
the count and the facets need all of them. Whoosh's ``docs_for_query`` walks its
union and intersection matchers one document at a time in Python, which cost more
than the search itself. Here the boolean structure is evaluated on Python sets: a
term's documents are read a block at a time (an array per block, no call per
document) and combined with C-level set operations. Queries with their own matching
rules (phrases, ranges) are left to Whoosh, over the same sets.
"""

from __future__ import annotations

from whoosh import query
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher


def matching_documents(searcher: Searcher, q: query.Query) -> set[int]:
    """The document numbers ``q`` matches in ``searcher`` (deleted documents excluded)."""
    return _Evaluator(searcher).docs(q)


class _Evaluator:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self._all: set[int] | None = None

    def all_docs(self) -> set[int]:
        if self._all is None:
            self._all = set(self.reader.all_doc_ids())
        return self._all

    def docs(self, q: query.Query) -> set[int]:
        if isinstance(q, type(query.NullQuery)):
            return set()
        if isinstance(q, query.Every) and not q.fieldname:
            return set(self.all_docs())
        if isinstance(q, query.Or):
            found: set[int] = set()
            for child in q.subqueries:
                found |= self.docs(child)
            return found
        if isinstance(q, query.And):
            return self._intersection(q.subqueries)
        if isinstance(q, query.AndNot):
            positive = self.docs(q.a)
            return positive - self.docs(q.b) if positive else positive
        if isinstance(q, query.Not):
            return self.all_docs() - self.docs(q.query)
        if isinstance(q, query.Term):
            return self._term_docs(q.fieldname, [q.text])
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.Every):
            return self._term_docs(q.fieldname, list(q._btexts(self.reader)))
        return set(self.searcher.docs_for_query(q))

    def _intersection(self, children: list[query.Query]) -> set[int]:
        negatives = [c for c in children if isinstance(c, query.Not)]
        positives = [c for c in children if not isinstance(c, query.Not)]
        found: set[int] | None = None
        for child in positives:
            docs = self.docs(child)
            found = docs if found is None else found & docs
            if not found:
                return set()
        if found is None:
            found = set(self.all_docs())
        for child in negatives:
            found -= self.docs(child.query)
        return found

    def _term_docs(self, fieldname: str, texts: list[str | bytes]) -> set[int]:
        schema = self.reader.schema
        if fieldname not in schema:
            return set()
        field = schema[fieldname]
        found: set[int] = set()
        for text in texts:
            try:
                btext = text if isinstance(text, bytes) else field.to_bytes(text)
            except ValueError:
                continue
            for leaf, offset in _leaves(self.reader):
                if (fieldname, btext) in leaf:
                    found.update(_postings_ids(leaf, fieldname, btext, offset))
        return found


def _leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    if isinstance(reader, SegmentReader):
        return [(reader, 0)]
    return list(reader.leaf_readers())


def _postings_ids(reader: IndexReader, fieldname: str, btext: bytes, offset: int) -> set[int]:
    """A term's live documents, read block by block from Whoosh 2.7's posting lists."""
    try:
        matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
        matcher._read_ids  # noqa: B018 - the block layout this reads
    except AttributeError:
        ids = set(reader.postings(fieldname, btext).all_ids())
    else:
        ids = set()
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            ids.update(matcher._ids[matcher._i :])
            matcher._next_block()
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        if deleted:
            ids -= deleted
    return {docnum + offset for docnum in ids} if offset else ids
