"""Fuzzy (``word~2``) and wildcard (``secur*``, ``wom?n``) terms expanded fast, with a cap.

Whoosh expands these by walking the term dictionary in pure Python (a Levenshtein
automaton or a regular expression per word): a quarter of a second for one fuzzy word
on a few thousand articles, more with every segment. Here the candidates sharing the
literal prefix are a slice of the segment's sorted vocabulary (:mod:`vocabulary`), and
fuzzy distances are computed by rapidfuzz in C. The matches are the words Whoosh finds
(plain Levenshtein distance after the required prefix), ranked closest first, then by
the number of documents holding them, and capped twice:

- at most :data:`MAX_EXPANSIONS` words a term, however many segments the index has (each
  segment's matches are merged, a word's documents summed over them, before the cap:
  capping segment by segment kept up to 64 words of each, and every word is then read in
  every segment);
- at most :data:`QUERY_POSTINGS` documents read for all of a query's fuzzy and wildcard
  terms together, shared out among them (each keeps its first word whatever it costs),
  so ``ta* OR tr* OR se*`` reads as much as one term would, at any library size.

A notice names a term that lost words. Whoosh scores these terms as constant (a document
matches or not); they are matched here from the same block-read document sets as the
totals, with that constant score, instead of through a union of one matcher per word.
"""

from __future__ import annotations

import fnmatch
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import matching, query
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher

from briefing_reader.core.search.matching import term_scores
from briefing_reader.core.search.vocabulary import (
    Vocabulary,
    live_segments,
    segment_vocabulary,
)

#: Words one fuzzy or wildcard term may become.
MAX_EXPANSIONS = 64
#: Documents (postings) a query's fuzzy and wildcard terms may read together.
QUERY_POSTINGS = 12_000
#: The share no term goes below, however many a query has.
TERM_POSTINGS = 1_000
#: Up to this many words a term is matched by Whoosh's own union of terms, whose scores
#: then differ from the constant score (as Whoosh's do: it sums two words' weights).
WHOOSH_MATCHED = 2


@dataclass(frozen=True, slots=True)
class Expansion:
    """The words a term stands for and how many words matched before the caps."""

    words: tuple[str, ...]
    found: int

    @property
    def capped(self) -> bool:
        return self.found > len(self.words)


#: A word matching a term: the word, its edit distance (0 for a wildcard) and the number
#: of documents holding it.
Match = tuple[str, int, int]


def _ranked(matches: Iterable[tuple[str, int]], found: int, budget: int) -> Expansion:
    """The best words (``matches`` in rank order, with frequencies) within both caps."""
    kept: list[str] = []
    spent = 0
    for word, frequency in matches:
        if kept and spent + frequency > budget:
            continue
        kept.append(word)
        spent += frequency
        if len(kept) == MAX_EXPANSIONS:
            break
    return Expansion(tuple(kept), found)


def capped_expansion(parts: list[list[Match]], budget: int) -> Expansion:
    """The words of one term over every segment: each segment's ``parts`` merged (a
    word's documents summed), ranked closest first, then by documents, then by the word,
    and capped."""
    if len(parts) == 1:
        matches = parts[0]
    else:
        merged: dict[str, list[int]] = {}
        for part in parts:
            for word, distance, frequency in part:
                entry = merged.get(word)
                if entry is None:
                    merged[word] = [distance, frequency]
                else:
                    entry[1] += frequency
        matches = [(word, distance, frequency) for word, (distance, frequency) in merged.items()]
    ranked = sorted(matches, key=lambda match: (match[1], -match[2], match[0]))
    return _ranked(((word, frequency) for word, _, frequency in ranked), len(ranked), budget)


def fuzzy_matches(
    vocabulary: Vocabulary[object], text: str, maxdist: int, prefix: int
) -> list[Match]:
    """Words within ``maxdist`` edits of ``text`` that share its first ``prefix`` letters
    (not kept: a short prefix matches thousands; the capped expansion is kept)."""
    words, frequencies = vocabulary.starting_with(text[:prefix])
    found = process.extract(
        text, words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
    )
    return [(word, int(distance), frequencies[at]) for word, distance, at in found]


def pattern_matches(
    vocabulary: Vocabulary[object], prefix: str, pattern: str | None
) -> list[Match]:
    """Words starting with ``prefix`` and matching the glob ``pattern`` (``*``, ``?``,
    ``[ab]``) if one is given."""
    words, frequencies = vocabulary.starting_with(prefix)
    pairs = zip(words, frequencies, strict=True)
    if pattern is not None:
        matches = re.compile(fnmatch.translate(pattern)).match
        return [(word, 0, frequency) for word, frequency in pairs if matches(word)]
    return [(word, 0, frequency) for word, frequency in pairs]


def glob_prefix(pattern: str) -> str:
    """The literal start of a glob, before its first ``*``, ``?`` or ``[``."""
    return re.split(r"[*?\[]", pattern, maxsplit=1)[0]


# -- query classes Whoosh runs ----------------------------------------------------------


class _Capped:
    """What the three capped term classes share: expansion over the segments, the budget
    and the constant-score matcher."""

    fieldname: str
    boost: float
    #: Postings this term may read; :func:`share_budget` sets it for the whole query.
    budget: int = QUERY_POSTINGS

    def _matches(self, vocabulary: Vocabulary[object]) -> list[Match]:
        raise NotImplementedError

    def _key(self) -> tuple[object, ...]:
        raise NotImplementedError

    def expansion(self, reader: IndexReader) -> Expansion:
        """The words in ``reader``: every segment's matches merged, then capped once."""
        schema = reader.schema
        if self.fieldname not in schema or not schema[self.fieldname].scorable:
            return Expansion((), 0)
        leaves = (
            [reader]
            if isinstance(reader, SegmentReader)
            else [leaf for leaf, _ in reader.leaf_readers() if isinstance(leaf, SegmentReader)]
        )
        if not leaves:
            return Expansion((), 0)
        segments = [leaf.segment().segment_id() for leaf in leaves]
        live_segments(segments)
        vocabularies = [segment_vocabulary(leaf, self.fieldname) for leaf in leaves]
        # Kept with the first segment's vocabulary, under the others' ids: a repeated
        # search, the notices and the snippets ask for the same expansion.
        key = ("capped", self._key(), self.budget, tuple(segments[1:]))
        return vocabularies[0].cached(  # type: ignore[return-value]
            key,
            lambda: capped_expansion([self._matches(v) for v in vocabularies], self.budget),
        )

    def _btexts(self, ixreader: IndexReader) -> Iterable[str]:
        return self.expansion(ixreader).words

    def matcher(self, searcher: Searcher, context: object = None) -> matching.Matcher:
        reader = searcher.reader()
        words = list(self._btexts(reader))
        if len(words) <= WHOOSH_MATCHED:
            return super().matcher(searcher, context)  # type: ignore[misc]
        return _scored_matcher(term_scores(searcher, self.fieldname, words), self.boost)


class CappedFuzzyTerm(_Capped, query.FuzzyTerm):
    """A :class:`whoosh.query.FuzzyTerm` whose words come from :func:`fuzzy_matches`."""

    def _matches(self, vocabulary: Vocabulary[object]) -> list[Match]:
        return fuzzy_matches(vocabulary, self.text, int(self.maxdist), self.prefixlength)

    def _key(self) -> tuple[object, ...]:
        return ("fuzzy", self.text, int(self.maxdist), self.prefixlength)


class CappedPrefix(_Capped, query.Prefix):
    """A :class:`whoosh.query.Prefix` (``secur*``) expanded by :func:`pattern_matches`."""

    def _matches(self, vocabulary: Vocabulary[object]) -> list[Match]:
        return pattern_matches(vocabulary, self.text, None)

    def _key(self) -> tuple[object, ...]:
        return ("pattern", self.text, None)


class CappedWildcard(_Capped, query.Wildcard):
    """A :class:`whoosh.query.Wildcard` (``wom?n``) expanded by :func:`pattern_matches`."""

    def _matches(self, vocabulary: Vocabulary[object]) -> list[Match]:
        return pattern_matches(vocabulary, glob_prefix(self.text), self.text)

    def _key(self) -> tuple[object, ...]:
        return ("pattern", glob_prefix(self.text), self.text)

    def normalize(self) -> query.Query:
        """Whoosh turns ``secur*`` into a Prefix; keep it capped."""
        normal = super().normalize()
        if type(normal) is query.Prefix:
            return CappedPrefix(normal.fieldname, normal.text, boost=normal.boost)
        return normal


CappedTerm = CappedFuzzyTerm | CappedPrefix | CappedWildcard


class CappedUnion(query.Or):
    """An OR of fuzzy and wildcard terms only (``word~2`` over the default fields, a list
    of prefixes): one matcher over their documents, each scored by how many of the terms
    it matches — the sum Whoosh's tree of unions gives these constant-score terms,
    without a Python call per term per document while collecting."""

    def matcher(self, searcher: Searcher, context: object = None) -> matching.Matcher:
        reader = searcher.reader()
        expanded = [(term, list(term._btexts(reader))) for term in self.subqueries]
        if any(0 < len(words) <= WHOOSH_MATCHED for _, words in expanded):
            return super().matcher(searcher, context)  # Whoosh's own scores for these
        total: Counter[int] = Counter()
        for term, words in expanded:
            scores = term_scores(searcher, term.fieldname, words)
            if term.boost != 1:
                scores = Counter({docnum: s * term.boost for docnum, s in scores.items()})
            total.update(scores)
        return _scored_matcher(total, self.boost)


class _ScoredList(matching.ListMatcher):
    """Scored documents; the best score is kept (Whoosh's collector asks for it every few
    documents, and the list matcher would scan its weights each time)."""

    def __init__(self, ids: list[int], scores: array[float]) -> None:
        super().__init__(ids, weights=scores)
        self._best = max(scores)

    def block_max_weight(self) -> float:
        return self._best

    def max_quality(self) -> float:
        return self._best


def _scored_matcher(scores: Counter[int], boost: float) -> matching.Matcher:
    if not scores:
        return matching.NullMatcher()
    ids = sorted(scores)
    return _ScoredList(ids, array("d", [scores[i] * boost for i in ids]))


def fast_unions(q: query.Query) -> query.Query:
    """``q`` with repeated parts of an AND or OR dropped, each OR of only fuzzy and
    wildcard terms made a :class:`CappedUnion`, and every other OR asking for Whoosh's tree of union matchers (which skips blocks
    that cannot reach the top hits) rather than preloading every match with its score,
    which Whoosh picks under 5,000 documents and is twice as slow for a first page."""
    if not q.is_leaf():
        q = q.apply(fast_unions)
    if isinstance(q, query.And | query.Or):
        q.subqueries = list(dict.fromkeys(q.subqueries))  # "trade … trade" once
    if isinstance(q, query.Or):
        terms: list[query.Query] = []
        for child in q.subqueries:
            terms += child.subqueries if isinstance(child, CappedUnion) else [child]
        if len(terms) > 1 and all(isinstance(t, _Capped) for t in terms):
            return CappedUnion(terms, boost=q.boost)
        q.matcher_type = query.Or.DEFAULT_MATCHER
    return q


def capped_terms(q: query.Query) -> list[CappedTerm]:
    """The fuzzy and wildcard terms of ``q`` (outside NOT too: they still cost)."""
    if isinstance(q, _Capped):
        return [q]  # type: ignore[list-item]
    found: list[CappedTerm] = []
    for child in q.children():
        found += capped_terms(child)
    return found


def share_budget(q: query.Query) -> query.Query:
    """Share :data:`QUERY_POSTINGS` among the query's fuzzy and wildcard terms."""
    terms = capped_terms(q)
    for term in terms:
        term.budget = max(TERM_POSTINGS, QUERY_POSTINGS // len(terms))
    return q


def expansion_notices(q: query.Query, reader: IndexReader, typed: str = "") -> list[str]:
    """A notice for each fuzzy or wildcard term that matched more words than it kept,
    quoting it as typed (``typed`` is the parsed string the terms' offsets point into)."""
    notices = []
    for term in capped_terms(q):
        expansion = term.expansion(reader)
        if expansion.capped:
            fuzzy = isinstance(term, CappedFuzzyTerm)
            start = getattr(term, "startchar", None)
            if typed and start is not None and 0 <= start < len(typed):
                shown = _word_at(typed, start)
            elif fuzzy:
                shown = f"{term.text}~{term.maxdist}"
            else:
                shown = f"{term.text}*" if isinstance(term, CappedPrefix) else term.text
            notices.append(
                f"“{shown}” matches {expansion.found} words; searched for the "
                f"{len(expansion.words)} {'closest' if fuzzy else 'most frequent'}"
            )
    return notices


def _word_at(text: str, position: int) -> str:
    """The typed word around ``position`` (Whoosh's offsets cover only part of
    ``secur*`` or ``word~2``), without brackets or a field prefix."""
    start = max(text.rfind(" ", 0, position), text.rfind("(", 0, position)) + 1
    end = min((i for i in (text.find(" ", position), text.find(")", position)) if i >= 0),
              default=len(text))  # fmt: skip
    return text[start:end].rpartition(":")[2]
