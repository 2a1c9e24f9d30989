"""Approximate copies of a quote: where to look, how to align, how to score.

Used when no exact copy convinces. Words of the quote and its context vote for likely
starts, so only a handful of small windows are aligned instead of the whole document;
each alignment is refined to the span of least edit distance that respects word
boundaries, then scored on quote, context and closeness to the old position.
Pure functions: no Qt, no database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import partial_ratio_alignment

from briefing_reader.core.anchoring.context import (
    WORD,
    Candidate,
    both_sides_agree,
    boundary_penalty,
    candidate,
    context_supports,
    is_self_evident,
    is_short,
    keeps_boundaries,
    position_closeness,
    text_similarity,
)
from briefing_reader.core.model import TextSelector

#: Most edits a fuzzy match may have, as a share of the quote's length.
FUZZY_ERROR_RATE = 0.25
SHORT_SIDE_AGREES = 0.85
#: Quote similarity a self-evident quote needs in fuzzy mode without context support.
SELF_EVIDENT_SIMILARITY = 0.85
#: Lowest quote similarity for any fuzzy match.
MIN_QUOTE_SIMILARITY = 0.75
#: Lowest combined fuzzy score accepted; below it the annotation is orphaned.
MIN_FUZZY_CONFIDENCE = 0.6
#: Edit-distance cost of cutting into a word where the original quote had a boundary.
BOUNDARY_COST = 1.5
#: How many word-seed clusters are aligned in fuzzy mode.
MAX_FUZZY_CANDIDATES = 6
#: Words occurring more often than this in the document carry no location information.
MAX_SEED_OCCURRENCES = 200


@lru_cache(maxsize=8)
def _word_index(text: str) -> dict[str, list[int]]:
    """Lower-cased word -> start offsets; cached because one text anchors many notes."""
    index: dict[str, list[int]] = {}
    for m in WORD.finditer(text):
        index.setdefault(m.group().lower(), []).append(m.start())
    return index


def max_errors(quote: str) -> int:
    return max(1, int(len(quote) * FUZZY_ERROR_RATE))


def _seed_starts(selector: TextSelector, text: str, tolerance: int) -> list[int]:
    """Likely new start offsets of the quote, from where its words and context words occur.

    Each occurrence of a word of ``prefix + exact + suffix`` votes for a quote start
    (its offset minus the word's offset in the pattern). Votes within ``tolerance`` of
    each other form a cluster scored by how many distinct pattern words (rare ones
    weigh more, quote words double) support it. Context words let a short quote whose
    own words were edited still be located. This keeps fuzzy alignment to a handful of
    small windows instead of the whole document.
    """
    index = _word_index(text)
    pattern = selector.prefix + selector.exact + selector.suffix
    quote_at, quote_end = len(selector.prefix), len(selector.prefix) + len(selector.exact)
    votes: list[tuple[int, int, float, bool]] = []
    for word_no, m in enumerate(WORD.finditer(pattern)):
        positions = index.get(m.group().lower())
        if not positions or len(positions) > MAX_SEED_OCCURRENCES:
            continue
        inside = quote_at <= m.start() < quote_end
        weight = (2.0 if inside else 1.0) / (1.0 + math.log(len(positions)))
        offset = m.start() - quote_at
        votes.extend((p - offset, word_no, weight, inside) for p in positions)
    votes.sort()
    clusters: list[tuple[float, int]] = []
    i = 0
    while i < len(votes):
        j = i
        while j + 1 < len(votes) and votes[j + 1][0] - votes[i][0] <= tolerance:
            j += 1
        group = votes[i : j + 1]
        best_weight: dict[int, float] = {}
        for _, word_no, weight, _ in group:
            best_weight[word_no] = max(weight, best_weight.get(word_no, 0.0))
        inner = sorted(v[0] for v in group if v[3]) or sorted(v[0] for v in group)
        clusters.append((sum(best_weight.values()), inner[len(inner) // 2]))
        i = j + 1
    clusters.sort(reverse=True)
    return [start for _, start in clusters[:MAX_FUZZY_CANDIDATES]]


def _refine(
    quote: str, text: str, start: int, end: int, reach: int, selector: TextSelector
) -> tuple[int, int]:
    """Move each end of a rough span to where the edit distance to the quote is least.

    Alternating one-dimensional searches (end, start, end) converge on the best span
    without trying every start/end pair. Ties prefer word boundaries where the original
    quote had them (snapping): cutting into a word costs more than one edit, so a
    letter added at a quote's end is taken in. Then no whitespace at the ends, then
    the smallest move.
    """
    before = selector.prefix[-1:] if selector.prefix else ""
    after = selector.suffix[:1] if selector.suffix else ""

    def best_end(s: int, e0: int) -> int:
        options = range(max(s + 1, e0 - reach), min(len(text), e0 + reach) + 1)
        return min(
            options,
            key=lambda e: (
                OSA.distance(quote, text[s:e])
                + BOUNDARY_COST * boundary_penalty(text, e, quote[-1], after),
                text[e - 1].isspace(),
                abs(e - e0),
            ),
        )

    def best_start(s0: int, e: int) -> int:
        options = range(max(0, s0 - reach), min(e - 1, s0 + reach) + 1)
        return min(
            options,
            key=lambda s: (
                OSA.distance(quote, text[s:e])
                + BOUNDARY_COST * boundary_penalty(text, s, quote[0], before),
                text[s].isspace(),
                abs(s - s0),
            ),
        )

    end = best_end(start, end)
    start = best_start(start, end)
    end = best_end(start, end)
    return start, end


def _align_near(
    selector: TextSelector, text: str, guess: int, slack: int
) -> tuple[int, int] | None:
    """The best approximate span of the quote in a window around a guessed start."""
    quote = selector.exact
    lo = max(0, guess - slack)
    hi = min(len(text), guess + len(quote) + slack)
    if hi - lo < 1:
        return None
    window = text[lo:hi]
    if len(window) > len(quote):
        found = partial_ratio_alignment(quote, window)
        if found is None:  # only with a score cutoff, which is not given
            return None
        start, end = lo + found.dest_start, lo + found.dest_end
    else:
        start, end = lo, hi
    if end <= start:
        return None
    return _refine(quote, text, start, end, max_errors(quote) + 2, selector)


def _whitespace_hits(text: str, quote: str) -> Iterator[tuple[int, int]]:
    """Occurrences of the quote that differ only in whitespace (re-wrapped lines)."""
    tokens = quote.split()
    if not tokens:
        return
    pattern = re.compile(r"\s+".join(re.escape(t) for t in tokens))
    for m in pattern.finditer(text):
        yield m.start(), m.end()


def _fuzzy_score(selector: TextSelector, text: str, cand: Candidate) -> tuple[float, float]:
    """(quote similarity, combined confidence) of a fuzzy candidate.

    The quote dominates; context and closeness to the old position refine the choice
    between similar candidates.
    """
    similarity = text_similarity(selector.exact.strip(), text[cand.start : cand.end].strip())
    closeness = position_closeness(selector, text, cand.start)
    combined = 0.55 * similarity + 0.2 * cand.prefix + 0.2 * cand.suffix + 0.05 * closeness
    return similarity, combined


def _fuzzy_acceptable(
    selector: TextSelector, text: str, cand: Candidate, similarity: float
) -> bool:
    """The evidence rules that keep fuzzy matches from landing on other passages."""
    quote = selector.exact
    if similarity < MIN_QUOTE_SIMILARITY:
        return False
    if not keeps_boundaries(selector, text, cand.start, cand.end):
        return False
    if is_short(quote):
        return both_sides_agree(cand, SHORT_SIDE_AGREES)
    if context_supports(quote, cand):
        return True
    return is_self_evident(quote) and similarity >= SELF_EVIDENT_SIMILARITY


def fuzzy_candidates(selector: TextSelector, text: str) -> list[tuple[float, float, Candidate]]:
    """Acceptable approximate matches as (combined score, quote similarity, candidate), best first."""
    quote = selector.exact
    errors = max_errors(quote)
    spans: set[tuple[int, int]] = set(_whitespace_hits(text, quote))
    guesses = _seed_starts(selector, text, tolerance=errors + 8)
    if selector.start >= 0:
        guesses.append(min(selector.start, len(text)))
    for guess in guesses:
        span = _align_near(selector, text, guess, slack=errors + 16)
        if span is not None:
            spans.add(span)
    scored: list[tuple[float, float, Candidate]] = []
    for start, end in spans:
        cand = candidate(selector, text, start, end)
        similarity, combined = _fuzzy_score(selector, text, cand)
        if combined >= MIN_FUZZY_CONFIDENCE and _fuzzy_acceptable(selector, text, cand, similarity):
            scored.append((combined, similarity, cand))
    scored.sort(key=lambda sc: (sc[0], -sc[2].start), reverse=True)
    return scored
