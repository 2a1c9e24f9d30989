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

from collections import Counter
from collections.abc import Callable, Sequence

from whoosh import query
from whoosh.matching import Matcher
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
            return self._term_docs(q.fieldname, lambda leaf: [q.text])
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.Every):
            # Expanded segment by segment, as Whoosh's matchers expand it for scoring.
            return self._term_docs(q.fieldname, lambda leaf: list(q._btexts(leaf)))
        return set(self.searcher.docs_for_query(q))

    def _intersection(self, children: list[query.Query]) -> set[int]:
        negatives = [c for c in children if isinstance(c, query.Not)]
        # The rarest first: an empty intersection stops before the common words are read.
        positives = sorted(
            (c for c in children if not isinstance(c, query.Not)),
            key=self._estimate,
        )
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

    def _estimate(self, q: query.Query) -> int:
        try:
            return int(q.estimate_size(self.reader))
        except (NotImplementedError, AttributeError, TypeError):
            return self.reader.doc_count_all()  # type: ignore[no-any-return]

    def _term_docs(
        self, fieldname: str, texts: Callable[[IndexReader], Sequence[str | bytes]]
    ) -> set[int]:
        found: set[int] = set()
        for leaf, offset in _leaves(self.reader):
            docs = term_documents(leaf, fieldname, texts(leaf))
            found.update({docnum + offset for docnum in docs} if offset else docs)
        return found


def term_documents(reader: IndexReader, fieldname: str, texts: Sequence[str | bytes]) -> set[int]:
    """The live documents of one segment holding any of ``texts`` in ``fieldname``."""
    schema = reader.schema
    if fieldname not in schema:
        return set()
    field = schema[fieldname]
    found: set[int] = set()
    for text in texts:
        try:
            btext = text if isinstance(text, bytes) else field.to_bytes(text)
        except ValueError:
            continue
        if (fieldname, btext) in reader:
            found.update(_postings_ids(reader, fieldname, btext))
    return found


def _leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    if isinstance(reader, SegmentReader):
        return [(reader, 0)]
    return list(reader.leaf_readers())


def term_scores(searcher: Searcher, fieldname: str, texts: Sequence[str]) -> Counter[int]:
    """For each live document of the searcher's (one-segment) reader, the summed scores
    of ``texts`` in ``fieldname`` under the searcher's weighting: exactly what Whoosh's
    union of the words' term matchers gives, read a block at a time."""
    reader = searcher.reader()
    field = reader.schema[fieldname]
    found: Counter[int] = Counter()
    for text in texts:
        btext = field.to_bytes(text)
        if (fieldname, btext) not in reader:
            continue
        scorer = searcher.weighting.scorer(searcher, fieldname, btext)
        score, length = scorer._score, scorer.dfl
        postings = _raw_postings(reader, fieldname, btext)
        while postings.is_active():
            ids, weights = _block(postings)
            for docnum, weight in zip(ids, weights, strict=True):
                found[docnum] += score(weight, length(docnum))
            if not _next_block(postings):
                break
    if found and reader.has_deletions():
        for docnum in reader.deleted_docs_set & found.keys():
            del found[docnum]
    return found


def _raw_postings(reader: IndexReader, fieldname: str, btext: bytes) -> Matcher:
    """The term's postings including deleted documents (the caller drops those): the
    deletions filter Whoosh wraps them in hides the blocks."""
    try:
        return reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    except AttributeError:
        return reader.postings(fieldname, btext)


def _block_ids(postings: Matcher) -> Sequence[int]:
    try:
        if postings._ids is None:
            postings._read_ids()
        return postings._ids[postings._i :]  # type: ignore[no-any-return]
    except AttributeError:
        return [postings.id()]


def _block(postings: Matcher) -> tuple[Sequence[int], Sequence[float]]:
    """The rest of the current block's ids and weights (one posting where the block
    layout is not Whoosh 2.7's)."""
    try:
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        start = postings._i
        return postings._ids[start:], postings._weights[start:]
    except AttributeError:
        return [postings.id()], [postings.weight()]


def _next_block(postings: Matcher) -> bool:
    try:
        postings._next_block()
    except AttributeError:
        postings.next()
    return bool(postings.is_active())


def _postings_ids(reader: IndexReader, fieldname: str, btext: bytes) -> set[int]:
    """A term's live documents, read block by block."""
    postings = _raw_postings(reader, fieldname, btext)
    ids: set[int] = set()
    while postings.is_active():
        ids.update(_block_ids(postings))
        if not _next_block(postings):
            break
    if ids and reader.has_deletions():
        ids -= reader.deleted_docs_set
    return ids
