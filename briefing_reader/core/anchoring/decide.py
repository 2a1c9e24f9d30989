"""The order of decisions that re-anchors one selector (see the package's docstring).

Exact strategies run first because they are cheap and certain; the fuzzy search only
when no exact copy convinces. Every rule prefers an orphan to a wrong attachment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from briefing_reader.core.anchoring.context import (
    NEAR_PERFECT_SIDE,
    SIDE_AGREES,
    Candidate,
    candidate,
    context_supports,
    is_self_evident,
    keeps_boundaries,
)
from briefing_reader.core.anchoring.fuzzy import fuzzy_candidates
from briefing_reader.core.model import TextSelector

#: An exact copy found without context support gives way to an approximate match with
#: context support at least this similar (the highlighted copy was edited, a copy remains).
EDITED_ORIGINAL_SIMILARITY = 0.9
#: Context-score lead that makes one exact copy the clear winner over the others.
CONTEXT_MARGIN = 0.15
#: Copies whose context is this good and tied are told apart by the old position.
CONTEXT_HIGH = 0.8
#: Fuzzy candidates scoring within this of the best, elsewhere, make the match ambiguous.
FUZZY_AMBIGUITY = 0.03
#: Shorter stretches a character diff keeps are chance alignments (a moved sentence's
#: letters matched against other text), not text that stayed.
MIN_KEPT_CHARS = 16
#: How a selector was anchored, from the most to the least certain.
METHODS = ("position", "exact", "context", "fuzzy")


@dataclass
class Anchor:
    """Where a selector was found: ``text[start:end]``, how, and how sure (0-1)."""

    start: int
    end: int
    method: str
    confidence: float


def anchor(selector: TextSelector, text: str, old_text: str | None = None) -> Anchor | None:
    """Find ``selector``'s passage in ``text``; ``None`` means orphan.

    Exact strategies run first because they are cheap and certain; fuzzy matching only
    runs when no acceptable exact copy exists (including when exact copies exist but
    their context says they are other passages, e.g. the highlighted one was edited).

    ``old_text``, the text the selector was made on (a re-import knows it), adds the
    strongest evidence there is: a character diff. A passage the diff carries over is
    looked for where it went; a passage the diff deleted may only be found again in new
    material (a moved paragraph), never in text that was already there, which is another
    copy of the same words.
    """
    if not selector.exact.strip() or not text:
        return None
    if (
        old_text is not None
        and 0 <= selector.start < selector.end <= len(old_text)
        and old_text[selector.start : selector.end] == selector.exact
    ):
        return _anchor_through_diff(selector, text, old_text)
    return _anchor(selector, text)


def _anchor_through_diff(selector: TextSelector, text: str, old_text: str) -> Anchor | None:
    blocks = _equal_blocks(old_text, text)
    start, end = selector.start, selector.end
    kept = sum(max(0, min(end, a + n) - max(start, a)) for a, _b, n in blocks)
    if kept * 2 >= end - start:  # the passage is (mostly) still there: look where it went
        mapped = _map_span(blocks, start, end)
        moved = TextSelector(selector.exact, selector.prefix, selector.suffix, *mapped)
        return _anchor(moved, text)
    found = _anchor(selector, text)
    if found is None:
        return None
    old_copy = sum(max(0, min(found.end, b + n) - max(found.start, b)) for _a, b, n in blocks)
    if old_copy * 2 >= found.end - found.start:
        return None  # words that were there before, elsewhere: another copy, not this passage
    return found


@lru_cache(maxsize=4)
def _equal_blocks(old_text: str, text: str) -> list[tuple[int, int, int]]:
    """(old start, new start, length) of the stretches a character diff keeps."""
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(old_text, text)
        if op.tag == "equal" and op.src_end - op.src_start >= MIN_KEPT_CHARS
    ]


def _map_span(blocks: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int]:
    """Where ``[start, end)`` of the old text lies in the new one, through the kept stretches
    it overlaps (the caller made sure there are some)."""
    inside = [(a, b, n) for a, b, n in blocks if a < end and start < a + n]
    first_old, first_new, _ = inside[0]
    last_old, last_new, last_length = inside[-1]
    new_start = first_new + max(0, start - first_old)
    new_end = last_new + min(last_length, end - last_old)
    return new_start, max(new_start, new_end)


def _anchor(selector: TextSelector, text: str) -> Anchor | None:
    """The selector strategies in order (see :func:`anchor`)."""
    found = _at_position(selector, text)
    if found is None:
        quote = selector.exact
        hits = [
            h
            for h in _exact_hits(text, quote)
            if keeps_boundaries(selector, text, h, h + len(quote))
        ]
        if hits:
            found = _choose_exact(selector, text, hits)
    if found is None:
        found = _fuzzy(selector, text)
    return found


def _at_position(selector: TextSelector, text: str) -> Anchor | None:
    """The old offsets still hold the quote, and the text around it is still similar."""
    start, end = selector.start, selector.end
    if start < 0 or text[start:end] != selector.exact:
        return None
    if not keeps_boundaries(selector, text, start, end):
        return None
    if not context_supports(selector.exact, candidate(selector, text, start, end)):
        return None  # same characters, maybe another passage: let the copies compete
    return Anchor(start, end, "position", 1.0)


def _exact_hits(text: str, quote: str) -> Iterator[int]:
    """Start offsets of every (possibly overlapping) exact occurrence."""
    at = text.find(quote)
    while at >= 0:
        yield at
        at = text.find(quote, at + 1)


def _choose_exact(selector: TextSelector, text: str, hits: Sequence[int]) -> Anchor | None:
    """Pick among exact occurrences, or ``None`` when none is convincingly the passage."""
    quote = selector.exact
    cands = [candidate(selector, text, h, h + len(quote)) for h in hits]
    if len(cands) == 1:
        chosen = cands[0]
        if not (context_supports(quote, chosen) or is_self_evident(quote)):
            return None
        method = "exact"
        confidence = 0.9 + 0.1 * chosen.context if context_supports(quote, chosen) else 0.8
    else:
        decided = _decide_by_context(selector, cands)
        if decided is None:
            return None
        chosen = decided
        method, confidence = "context", chosen.context
    if min(chosen.prefix, chosen.suffix) < NEAR_PERFECT_SIDE:
        edited = _edited_original(selector, text, chosen)
        if edited is not None:
            return edited
    return Anchor(chosen.start, chosen.end, method, round(confidence, 3))


def _edited_original(selector: TextSelector, text: str, chosen: Candidate) -> Anchor | None:
    """A slightly edited copy whose context agrees clearly better than the exact one's.

    When the highlighted passage got a typo fix and another, untouched copy of the quote
    remains elsewhere, the exact copy is the wrong answer; its imperfect context is the
    hint, so only then is this (slower) fuzzy search run.
    """
    for _, similarity, cand in fuzzy_candidates(selector, text):
        elsewhere = cand.end <= chosen.start or chosen.end <= cand.start
        if (
            elsewhere
            and similarity >= EDITED_ORIGINAL_SIMILARITY
            and min(cand.prefix, cand.suffix) >= SIDE_AGREES
            and min(cand.prefix, cand.suffix) - min(chosen.prefix, chosen.suffix) >= CONTEXT_MARGIN
        ):
            return Anchor(cand.start, cand.end, "fuzzy", round(similarity * cand.context, 3))
    return None


def _decide_by_context(selector: TextSelector, cands: list[Candidate]) -> Candidate | None:
    """The copy whose prefix/suffix agree clearly best; position only breaks high ties.

    A tie between poorly matching copies means the highlighted copy is probably gone,
    and taking the nearest one would misplace the note, so that is an orphan.
    """
    ranked = sorted(cands, key=lambda c: c.context, reverse=True)
    best = ranked[0]
    if not context_supports(selector.exact, best):
        return None
    tied = [
        c
        for c in ranked
        if best.context - c.context < CONTEXT_MARGIN
        and abs(min(best.prefix, best.suffix) - min(c.prefix, c.suffix)) < CONTEXT_MARGIN
    ]
    if len(tied) == 1:
        return best
    if best.context >= CONTEXT_HIGH and all(c.context >= CONTEXT_HIGH for c in tied):
        anchor_at = selector.start if selector.start >= 0 else 0
        return min(tied, key=lambda c: (abs(c.start - anchor_at), -c.context))
    return None


def _fuzzy(selector: TextSelector, text: str) -> Anchor | None:
    """The best approximate match; ``None`` when nothing convinces or two places tie."""
    scored = fuzzy_candidates(selector, text)
    if not scored:
        return None
    best_score, _, best = scored[0]
    for score, _, other in scored[1:]:
        overlaps = other.start < best.end and best.start < other.end
        if not overlaps and best_score - score < FUZZY_AMBIGUITY:
            return None  # two different places fit equally well
    return Anchor(best.start, best.end, "fuzzy", round(best_score, 3))
