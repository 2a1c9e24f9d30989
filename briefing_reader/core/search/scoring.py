"""BM25F over posting arrays: the ranking, the total and the matches of a query in one pass.

Whoosh walks a query's matchers one document at a time in Python, and the app walked
the postings a second time for the total and the facets. For the query shapes it can
do exactly — words in fields, AND/OR/NOT of them, fuzzy and wildcard sets, phrases —
this module scores every document at once with numpy: each term gives a dense score
array (Whoosh's own BM25F formula, its idf and average lengths, the document lengths
of the index), and/or/not combine the arrays. The scores are Whoosh's (a test compares
the ranking hit for hit); any other shape returns None and Whoosh runs it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query, scoring
from whoosh.searching import Searcher

from briefing_reader.core.search.expansion import CappedUnion, _Capped
from briefing_reader.core.search.phrases import phrase_documents
from briefing_reader.core.search.postings import (
    CACHED_VALUES,
    FloatArray,
    IntArray,
    Postings,
)

BoolArray = npt.NDArray[np.bool_]
#: What a NOT clause inside an AND adds to each match's score in Whoosh.
NOT_SCORE = 1.0
#: Postings per block in Whoosh's posting lists (its writer's default block limit).
BLOCK_SIZE = 128


@dataclass(slots=True)
class Scored:
    """Every document's score and whether it matches (dense, by document number)."""

    scores: FloatArray
    matched: BoolArray

    def matching(self) -> IntArray:
        return np.flatnonzero(self.matched)


class Unsupported(Exception):
    """The query has a part this scorer does not do exactly like Whoosh."""


def score_query(searcher: Searcher, postings: Postings, q: query.Query) -> Scored | None:
    """``q`` scored over every live document, or None when Whoosh must run it."""
    try:
        scored = _Scorer(searcher, postings).score(q)
    except Unsupported:
        return None
    scored.matched &= postings.live
    return scored


def top_documents(scored: Scored, count: int) -> list[tuple[float, int]]:
    """The best ``count`` (score, document) pairs in Whoosh's order: highest score
    first, the lower document number first among equal scores."""
    docs, scores = _best(scored, count)
    return list(zip(scores.tolist(), docs.tolist(), strict=True))


def top_docnums(scored: Scored, count: int) -> IntArray:
    """The documents of :func:`top_documents`, as an array (the entity facets count a
    thousand of them: no pair is made for each)."""
    return _best(scored, count)[0]


def _best(scored: Scored, count: int) -> tuple[IntArray, FloatArray]:
    docs = scored.matching()
    if not len(docs) or count <= 0:
        return docs[:0], np.zeros(0)
    scores = scored.scores[docs]
    if len(docs) > count:
        # Everything scoring at least the count-th best score: ties there are kept.
        floor = np.partition(scores, len(docs) - count)[len(docs) - count]
        keep = scores >= floor
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:count]
    return docs[order], scores[order]


class _Scorer:
    def __init__(self, searcher: Searcher, postings: Postings) -> None:
        self.searcher = searcher
        self.postings = postings
        self.reader = searcher.reader()
        self.size = postings.size

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size), np.zeros(self.size, dtype=bool))

    def score(self, q: query.Query) -> Scored:
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            return self.empty()
        if type(q) is query.Every and not q.fieldname:  # listed, not ranked: no scores
            return Scored(np.zeros(self.size), np.ones(self.size, dtype=bool))
        if isinstance(q, CappedUnion):
            return self._boosted(self._any(self.score(t) for t in q.subqueries), q.boost)
        if isinstance(q, _Capped):
            words = list(q._btexts(self.reader))
            if len(words) == 1:  # Whoosh's one-word expansion is a plain term, unboosted
                return self._term(q.fieldname, words[0], 1.0)
            return self._boosted(self._words(q.fieldname, words), q.boost)
        if type(q) is query.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if type(q) in (query.Or, query.And) and len(q.subqueries) == 1:
            return self.score(q.subqueries[0])  # Whoosh drops the boost of a lone child
        if type(q) is query.Or and not q.scale and not q.minmatch:
            return self._boosted(self._any(self.score(c) for c in q.subqueries), q.boost)
        if type(q) is query.And and q.subqueries:
            return self._boosted(self._intersection(q.subqueries), q.boost)
        if type(q) is query.AndNot:
            positive, negative = self.score(q.a), self.score(q.b)
            positive.matched &= ~negative.matched
            return self._boosted(_only_matched(positive), q.boost)
        if type(q) is query.AndMaybe:
            required, optional = self.score(q.a), self.score(q.b)
            required.scores += np.where(required.matched & optional.matched, optional.scores, 0.0)
            return self._boosted(required, q.boost)
        if type(q) is query.Phrase and q.slop == 1 and q.words:
            return self._phrase(q)
        raise Unsupported(type(q).__name__)

    def _any(self, parts: Iterable[Scored]) -> Scored:
        """Scores added, matching where any part matches; parts are made one at a time,
        so a long query holds two score arrays, not one per word."""
        return self._combine(parts, every=False)

    def _combine(self, parts: Iterable[Scored], every: bool) -> Scored:
        combined: Scored | None = None
        for part in parts:
            if combined is None:
                combined = part
                continue
            combined.scores += part.scores
            if every:
                combined.matched &= part.matched
                if not combined.matched.any():
                    break  # nothing left to match: the rest cannot add any
            else:
                combined.matched |= part.matched
        return combined if combined is not None else self.empty()

    def _intersection(self, children: list[query.Query]) -> Scored:
        negatives = [c.query for c in children if isinstance(c, query.Not)]
        positives = [c for c in children if not isinstance(c, query.Not)]
        if not positives:
            raise Unsupported("only negative clauses")
        scored = self._combine((self.score(c) for c in positives), every=True)
        for negative in negatives:
            scored.matched &= ~self.score(negative).matched
            scored.scores = scored.scores + NOT_SCORE  # Whoosh's inverse matcher scores 1
        return _only_matched(scored)

    @staticmethod
    def _boosted(scored: Scored, boost: float) -> Scored:
        if boost != 1.0:
            scored.scores = scored.scores * boost
        return scored

    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        schema = self.searcher.schema
        if fieldname not in schema:
            return None
        try:
            return text if isinstance(text, bytes) else schema[fieldname].to_bytes(text)
        except ValueError:
            return None

    def _term(self, fieldname: str, text: Any, boost: float, whole: bool = False) -> Scored:
        scored = self.empty()
        btext = self._btext(fieldname, text)
        if btext is None:
            return scored
        ids, weights = self.postings.term(fieldname, btext, whole)
        if not len(ids):
            return scored
        scored.scores[ids] = self._term_scores(fieldname, ids, weights, self._idf(len(ids))) * boost
        scored.matched[ids] = True
        return scored

    def _words(self, fieldname: str, words: list[Any]) -> Scored:
        """Several words of one field, summed per document in the words' order (as
        Whoosh's union adds them) by one ``bincount`` over all their postings, scored in
        one pass (each posting with its word's idf)."""
        ids_parts, weight_parts = [], []
        for word in words:
            btext = self._btext(fieldname, word)
            if btext is None:
                continue
            ids, weights = self.postings.term(fieldname, btext)
            if len(ids):
                ids_parts.append(ids)
                weight_parts.append(weights)
        if not ids_parts:
            return self.empty()
        ids = np.concatenate(ids_parts)
        idfs = np.repeat([self._idf(len(part)) for part in ids_parts], [len(p) for p in ids_parts])
        weights = self._term_scores(fieldname, ids, np.concatenate(weight_parts), idfs)
        scores: FloatArray = np.asarray(
            np.bincount(ids, weights=weights, minlength=self.size), dtype=np.float64
        )
        return Scored(scores, np.bincount(ids, minlength=self.size) > 0)

    def _idf(self, frequency: int) -> float:
        """Whoosh's idf; the document frequency it reads is the number of postings
        (deleted documents included)."""
        return math.log(self.searcher.doc_count_all() / (frequency + 1)) + 1

    def _term_scores(
        self, fieldname: str, ids: IntArray, weights: FloatArray, idf: float | FloatArray
    ) -> FloatArray:
        """BM25FScorer's score of each posting, without its three term-table lookups."""
        weighting = self.searcher.weighting
        if not self.searcher.schema[fieldname].scorable:
            return weights  # Whoosh's WeightScorer
        if type(weighting) is not scoring.BM25F:
            raise Unsupported(type(weighting).__name__)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        lengths = self.postings.lengths(fieldname)[ids]
        # Whoosh's bm25(), term for term, so that the sums come out the same.
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))  # type: ignore[no-any-return]

    def _read_whole(self, fieldname: str, words: list[bytes]) -> list[bool]:
        frequencies = [self.postings.frequency(fieldname, word) for word in words]
        return _whole_blocks(frequencies, BLOCK_SIZE, CACHED_VALUES // 2)

    def _phrase(self, q: query.Phrase) -> Scored:
        scored = self.empty()
        if q.fieldname not in self.searcher.schema:
            return scored
        field = self.searcher.schema[q.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase over a field without positions")
        btexts = [self._btext(q.fieldname, word) for word in q.words]
        if any(b is None for b in btexts):
            return scored
        words = [b for b in btexts if b is not None]
        whole = self._read_whole(q.fieldname, words)
        both = self._combine(
            (
                self._term(q.fieldname, word, 1.0, whole=w)
                for word, w in zip(words, whole, strict=True)
            ),
            every=True,
        )
        candidates = np.flatnonzero(both.matched)
        if len(words) > 1 and len(candidates):
            found = phrase_documents(self.postings, q.fieldname, field.format, words, candidates)
            both.matched[:] = False
            both.matched[found] = True
        return self._boosted(_only_matched(both), q.boost)


def _whole_blocks(frequencies: list[int], size: int, room: int) -> list[bool]:
    """Which words of a phrase to read with their positions at once: those whose every
    posting block its candidates may reach (the rarest word holds at least as many
    documents as the word has blocks), as long as all of them fit the decoded values
    kept; the rest have their positions read block by block for the candidates."""
    fewest = min(frequencies, default=0)
    if sum(frequencies) > room:
        return [False] * len(frequencies)
    return [fewest >= -(-frequency // size) for frequency in frequencies]


def _only_matched(scored: Scored) -> Scored:
    """``scored`` with no score left on documents it does not match (sums add them)."""
    scored.scores[~scored.matched] = 0.0
    return scored
