"""Re-anchor annotations in changed document text.

An annotation remembers *what* was highlighted, not only *where*: the exact quote, up
to 32 characters of text on either side, and the old start/end offsets (the W3C Web
Annotation ``TextQuoteSelector`` and ``TextPositionSelector``). Offsets are Python
``str`` indices (code points) into the document's normalised text.

When a document is re-imported with different text, :func:`anchor` finds the passage
again or reports it as an orphan (``None``). A wrong attachment is worse than an
orphan: the note would silently comment on some other sentence. So every rule here
prefers orphaning when the evidence is weak, in this order:

1. ``position`` - the old offsets still hold the quote and its surroundings agree.
2. ``exact`` - the quote occurs exactly once (and is either long enough to identify
   itself, or its context agrees).
3. ``context`` - it occurs several times: the prefix/suffix decide; the old position
   only breaks ties between copies whose context agrees equally well.
4. ``fuzzy`` - no exact copy: approximate matches (at most ~25 % edits) found near
   words of the quote and its context, scored on quote, prefix, suffix and position.

This module is pure (no Qt, no database) so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel
from rapidfuzz.fuzz import partial_ratio_alignment

from briefing_reader.core.model import TextSelector

#: Most edits a fuzzy match may have, as a share of the quote's length.
FUZZY_ERROR_RATE = 0.25
#: A context side "agrees" at this similarity. Sides are also compared up to the nearest
#: sentence/paragraph break, so moved text keeps agreeing; unrelated snippets score ~0.2-0.4
#: and only ~0.1 % of other copies of a repeated phrase reach it on both sides.
SIDE_AGREES = 0.8
#: Context characters next to the quote that weigh as much as the whole stored context.
NEAREST_CHARS = 8
#: Characters of agreeing context that count as evidence on their own.
MIN_EVIDENCE_CHARS = 8
#: One side this similar (over 16+ characters) lets the other side be merely similar (0.6).
NEAR_PERFECT_SIDE = 0.95
#: A quote that is a whole sentence/paragraph in both places needs this many characters.
WHOLE_UNIT_CHARS = 20
#: Short quotes (this many words or fewer) need stronger context agreement in fuzzy mode.
SHORT_QUOTE_WORDS = 3
SHORT_SIDE_AGREES = 0.85
#: An exact copy found without context support gives way to an approximate match with
#: context support at least this similar (the highlighted copy was edited, a copy remains).
EDITED_ORIGINAL_SIMILARITY = 0.9
#: A quote this long (characters and words) identifies itself even when its context changed
#: (a moved sentence or paragraph); shorter ones can also occur elsewhere by chance.
SELF_EVIDENT_CHARS = 50
SELF_EVIDENT_WORDS = 8
#: Quote similarity a self-evident quote needs in fuzzy mode without context support.
SELF_EVIDENT_SIMILARITY = 0.85
#: Lowest quote similarity for any fuzzy match.
MIN_QUOTE_SIMILARITY = 0.75
#: Context-score lead that makes one exact copy the clear winner over the others.
CONTEXT_MARGIN = 0.15
#: Copies whose context is this good and tied are told apart by the old position.
CONTEXT_HIGH = 0.8
#: Lowest combined fuzzy score accepted; below it the annotation is orphaned.
MIN_FUZZY_CONFIDENCE = 0.6
#: Fuzzy candidates scoring within this of the best, elsewhere, make the match ambiguous.
FUZZY_AMBIGUITY = 0.03
#: Edit-distance cost of cutting into a word where the original quote had a boundary.
BOUNDARY_COST = 1.5
#: How many word-seed clusters are aligned in fuzzy mode.
MAX_FUZZY_CANDIDATES = 6
#: Shorter stretches a character diff keeps are chance alignments (a moved sentence's
#: letters matched against other text), not text that stayed.
MIN_KEPT_CHARS = 16
#: Words occurring more often than this in the document carry no location information.
MAX_SEED_OCCURRENCES = 200

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

METHODS = ("position", "exact", "context", "fuzzy")


@dataclass
class Anchor:
    """Where a selector was found: ``text[start:end]``, how, and how sure (0-1)."""

    start: int
    end: int
    method: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One possible place for the quote, with its context agreement."""

    start: int
    end: int
    prefix: float
    suffix: float
    prefix_chars: int = 0
    suffix_chars: int = 0

    @property
    def context(self) -> float:
        """Mean agreement of both sides; a side agreeing on too few characters counts less."""
        return (_weigh(self.prefix, self.prefix_chars) + _weigh(self.suffix, self.suffix_chars)) / 2


def _weigh(score: float, chars: int) -> float:
    """Agreement discounted when it rests on a few characters (e.g. both at a paragraph end)."""
    return score if chars >= MIN_EVIDENCE_CHARS else 0.7 * score


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
            if _keeps_boundaries(selector, text, h, h + len(quote))
        ]
        if hits:
            found = _choose_exact(selector, text, hits)
    if found is None:
        found = _fuzzy(selector, text)
    return found


# --- context and shape --------------------------------------------------------------------


def _collapse(s: str) -> str:
    """Whitespace runs as one space: line wrapping must not change similarity."""
    return _SPACE.sub(" ", s)


# A paragraph break, or whitespace after a sentence's final punctuation.
_BREAK = re.compile(r"\n|(?<=[.!?])\s|(?<=[.!?][\"'”’)])\s")


def _similarity(a: str, b: str) -> float:
    """Whitespace-insensitive similarity (0-1); a transposition counts as one edit."""
    return OSA.normalized_similarity(_collapse(a), _collapse(b))


def _edge_similarity(stored: str, have: str, at_end: bool) -> float:
    """Similarity weighted towards the characters next to the quote.

    Plain similarity forgives a shift of a few characters, which would let the same
    word two characters further on look like the passage; averaging in the nearest
    characters makes the context pin the exact position.
    """
    stored, have = _collapse(stored), _collapse(have)
    n = NEAREST_CHARS
    nearest = (stored[-n:], have[-n:]) if at_end else (stored[:n], have[:n])
    return (OSA.normalized_similarity(stored, have) + OSA.normalized_similarity(*nearest)) / 2


def _side(
    stored: str, have: str, near_stored: str | None, near_have: str | None, at_end: bool
) -> tuple[float, int]:
    """Agreement of one side of the context: (score 0-1, characters of evidence).

    Moving a paragraph or sentence replaces the text beyond the nearest break but keeps
    the text up to it. So when the stored context contains a break, the parts up to the
    break are compared too, and the better score counts - with only those characters
    as evidence. Two empty parts (both at a break) agree, with no evidence.
    """
    full = (_edge_similarity(stored, have, at_end), len(stored.strip()))
    if near_stored is None:
        return full
    if near_have is None:
        near_have = have  # no break on the candidate's side: cannot be the same edge
    if not near_stored.strip() and not near_have.strip():
        return max(full, (1.0, 0))
    near = _edge_similarity(near_stored, near_have, at_end)
    return max(full, (near, len(near_stored.strip())))


def _prefix_side(prefix: str, text: str, start: int) -> tuple[float, int]:
    """How well the text before ``start`` agrees with the stored prefix.

    An empty stored prefix means the quote opened the document: like a paragraph
    start, it agrees with any candidate that starts a paragraph.
    """
    lo = max(0, start - len(prefix) - 8)
    window = text[lo:start]
    breaks = list(_BREAK.finditer(window))
    # The document's start is a break too.
    near_have = window[breaks[-1].end() :] if breaks else (window if lo == 0 else None)
    if not prefix.strip():
        return (1.0 if near_have is not None and not near_have.strip() else 0.0), 0
    have = _collapse(window)[-len(_collapse(prefix)) :]
    stored_breaks = list(_BREAK.finditer(prefix))
    near_stored = prefix[stored_breaks[-1].end() :] if stored_breaks else None
    return _side(prefix, have, near_stored, near_have, at_end=True)


def _suffix_side(suffix: str, quote: str, text: str, end: int) -> tuple[float, int]:
    """How well the text after ``end`` agrees with the stored suffix.

    Breaks are searched with the quote's last character in view, so a quote ending a
    sentence ("... in 2004.") sees the break right after it.
    """
    hi = min(len(text), end + len(suffix) + 8)
    window = text[end:hi]
    found = _BREAK.search(text, end, hi)
    # The document's end is a break too.
    near_have = text[end : found.start()] if found else (window if hi == len(text) else None)
    if not suffix.strip():
        return (1.0 if near_have is not None and not near_have.strip() else 0.0), 0
    have = _collapse(window)[: len(_collapse(suffix))]
    lead = quote[-2:]
    stored_break = _BREAK.search(lead + suffix, len(lead))
    near_stored = (lead + suffix)[len(lead) : stored_break.start()] if stored_break else None
    return _side(suffix, have, near_stored, near_have, at_end=False)


def _candidate(selector: TextSelector, text: str, start: int, end: int) -> _Candidate:
    prefix, prefix_chars = _prefix_side(selector.prefix, text, start)
    suffix, suffix_chars = _suffix_side(selector.suffix, selector.exact, text, end)
    return _Candidate(start, end, prefix, suffix, prefix_chars, suffix_chars)


def _one_side_agrees(cand: _Candidate, threshold: float = SIDE_AGREES) -> bool:
    """One side agrees on enough characters to mean something."""
    return any(
        score >= threshold and chars >= MIN_EVIDENCE_CHARS
        for score, chars in ((cand.prefix, cand.prefix_chars), (cand.suffix, cand.suffix_chars))
    )


def _both_sides_agree(cand: _Candidate, threshold: float = SIDE_AGREES) -> bool:
    """Both sides agree (a side at a paragraph edge agrees with another edge).

    Also accepted: one side near-perfect over a good stretch while the other is still
    fairly similar - a word inserted or changed right next to the quote.
    """
    low, high = sorted((cand.prefix, cand.suffix))
    if low < threshold and high < NEAR_PERFECT_SIDE:
        return False
    sides = ((cand.prefix, cand.prefix_chars), (cand.suffix, cand.suffix_chars))
    evidenced = [score for score, chars in sides if chars > 0]
    if not evidenced:
        # Both ends at a break: a whole sentence/paragraph in both places.
        return low >= threshold and cand.end - cand.start >= WHOLE_UNIT_CHARS
    if len(evidenced) == 1:
        # One side only agrees by also being at a break: the other must be strong.
        return low >= threshold and evidenced[0] >= NEAR_PERFECT_SIDE
    if low >= threshold:
        return True
    high_chars = cand.prefix_chars if cand.prefix >= cand.suffix else cand.suffix_chars
    return high >= NEAR_PERFECT_SIDE and high_chars >= 2 * MIN_EVIDENCE_CHARS and low >= 0.6


def _context_supports(quote: str, cand: _Candidate) -> bool:
    """Enough context evidence that ``cand`` is the highlighted passage.

    Phrases recur in real text ("the three countries"), often with one side of the
    context in common, so a quote that is not self-evident needs both sides to agree.
    Moves keep both agreeing because sides are also compared up to the nearest break.
    A long quote is unlikely to recur, so one agreeing side suffices.
    """
    if _is_self_evident(quote):
        return _one_side_agrees(cand)
    return _both_sides_agree(cand)


def _word_count(s: str) -> int:
    return len(_WORD.findall(s))


def _is_short(quote: str) -> bool:
    return _word_count(quote) <= SHORT_QUOTE_WORDS


def _is_self_evident(quote: str) -> bool:
    """Long quotes are effectively unique, so a copy needs no context to be trusted."""
    return len(quote.strip()) >= SELF_EVIDENT_CHARS and _word_count(quote) >= SELF_EVIDENT_WORDS


def _closeness(selector: TextSelector, text: str, start: int) -> float:
    """1 at the old position, falling linearly to 0 at a document's length away."""
    if selector.start < 0:
        return 0.5
    return 1.0 - min(1.0, abs(start - selector.start) / max(1, len(text)))


# --- exact strategies ---------------------------------------------------------------------


def _at_position(selector: TextSelector, text: str) -> Anchor | None:
    """The old offsets still hold the quote, and the text around it is still similar."""
    start, end = selector.start, selector.end
    if start < 0 or text[start:end] != selector.exact:
        return None
    if not _keeps_boundaries(selector, text, start, end):
        return None
    if not _context_supports(selector.exact, _candidate(selector, text, start, end)):
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
    cands = [_candidate(selector, text, h, h + len(quote)) for h in hits]
    if len(cands) == 1:
        chosen = cands[0]
        if not (_context_supports(quote, chosen) or _is_self_evident(quote)):
            return None
        method = "exact"
        confidence = 0.9 + 0.1 * chosen.context if _context_supports(quote, chosen) else 0.8
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


def _edited_original(selector: TextSelector, text: str, chosen: _Candidate) -> Anchor | None:
    """A slightly edited copy whose context agrees clearly better than the exact one's.

    When the highlighted passage got a typo fix and another, untouched copy of the quote
    remains elsewhere, the exact copy is the wrong answer; its imperfect context is the
    hint, so only then is this (slower) fuzzy search run.
    """
    for _, similarity, cand in _fuzzy_candidates(selector, text):
        elsewhere = cand.end <= chosen.start or chosen.end <= cand.start
        if (
            elsewhere
            and similarity >= EDITED_ORIGINAL_SIMILARITY
            and min(cand.prefix, cand.suffix) >= SIDE_AGREES
            and min(cand.prefix, cand.suffix) - min(chosen.prefix, chosen.suffix) >= CONTEXT_MARGIN
        ):
            return Anchor(cand.start, cand.end, "fuzzy", round(similarity * cand.context, 3))
    return None


def _decide_by_context(selector: TextSelector, cands: list[_Candidate]) -> _Candidate | None:
    """The copy whose prefix/suffix agree clearly best; position only breaks high ties.

    A tie between poorly matching copies means the highlighted copy is probably gone,
    and taking the nearest one would misplace the note, so that is an orphan.
    """
    ranked = sorted(cands, key=lambda c: c.context, reverse=True)
    best = ranked[0]
    if not _context_supports(selector.exact, best):
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


# --- fuzzy strategy -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _word_index(text: str) -> dict[str, list[int]]:
    """Lower-cased word -> start offsets; cached because one text anchors many notes."""
    index: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        index.setdefault(m.group().lower(), []).append(m.start())
    return index


def _max_errors(quote: str) -> int:
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
    for word_no, m in enumerate(_WORD.finditer(pattern)):
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


def _keeps_boundaries(selector: TextSelector, text: str, start: int, end: int) -> bool:
    """The span does not cut into a word at an end where the original quote was whole.

    So "Europe" is not found inside "Europee" (a letter added) or "Japan" in "Japanese".
    """
    quote = selector.exact
    return not (
        _boundary_penalty(text, start, quote[0], selector.prefix[-1:])
        or _boundary_penalty(text, end, quote[-1], selector.suffix[:1])
    )


def _boundary_penalty(text: str, at: int, inner: str, outer: str) -> int:
    """1 if cutting ``text`` at ``at`` splits a word the original quote did not split.

    ``inner`` is the quote character next to the cut and ``outer`` the stored context
    character on the other side (empty at the document edge).
    """
    if not inner or not (inner.isalnum() or inner == "_"):
        return 0
    was_split = bool(outer) and (outer.isalnum() or outer == "_")
    if was_split or at <= 0 or at >= len(text):
        return 0
    return int(text[at - 1].isalnum() and text[at].isalnum())


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
                + BOUNDARY_COST * _boundary_penalty(text, e, quote[-1], after),
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
                + BOUNDARY_COST * _boundary_penalty(text, s, quote[0], before),
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
    return _refine(quote, text, start, end, _max_errors(quote) + 2, selector)


def _whitespace_hits(text: str, quote: str) -> Iterator[tuple[int, int]]:
    """Occurrences of the quote that differ only in whitespace (re-wrapped lines)."""
    tokens = quote.split()
    if not tokens:
        return
    pattern = re.compile(r"\s+".join(re.escape(t) for t in tokens))
    for m in pattern.finditer(text):
        yield m.start(), m.end()


def _fuzzy_score(selector: TextSelector, text: str, cand: _Candidate) -> tuple[float, float]:
    """(quote similarity, combined confidence) of a fuzzy candidate.

    The quote dominates; context and closeness to the old position refine the choice
    between similar candidates.
    """
    similarity = _similarity(selector.exact.strip(), text[cand.start : cand.end].strip())
    closeness = _closeness(selector, text, cand.start)
    combined = 0.55 * similarity + 0.2 * cand.prefix + 0.2 * cand.suffix + 0.05 * closeness
    return similarity, combined


def _fuzzy_acceptable(
    selector: TextSelector, text: str, cand: _Candidate, similarity: float
) -> bool:
    """The evidence rules that keep fuzzy matches from landing on other passages."""
    quote = selector.exact
    if similarity < MIN_QUOTE_SIMILARITY:
        return False
    if not _keeps_boundaries(selector, text, cand.start, cand.end):
        return False
    if _is_short(quote):
        return _both_sides_agree(cand, SHORT_SIDE_AGREES)
    if _context_supports(quote, cand):
        return True
    return _is_self_evident(quote) and similarity >= SELF_EVIDENT_SIMILARITY


def _fuzzy_candidates(selector: TextSelector, text: str) -> list[tuple[float, float, _Candidate]]:
    """Acceptable approximate matches as (combined score, quote similarity, candidate), best first."""
    quote = selector.exact
    errors = _max_errors(quote)
    spans: set[tuple[int, int]] = set(_whitespace_hits(text, quote))
    guesses = _seed_starts(selector, text, tolerance=errors + 8)
    if selector.start >= 0:
        guesses.append(min(selector.start, len(text)))
    for guess in guesses:
        span = _align_near(selector, text, guess, slack=errors + 16)
        if span is not None:
            spans.add(span)
    scored: list[tuple[float, float, _Candidate]] = []
    for start, end in spans:
        cand = _candidate(selector, text, start, end)
        similarity, combined = _fuzzy_score(selector, text, cand)
        if combined >= MIN_FUZZY_CONFIDENCE and _fuzzy_acceptable(selector, text, cand, similarity):
            scored.append((combined, similarity, cand))
    scored.sort(key=lambda sc: (sc[0], -sc[2].start), reverse=True)
    return scored


def _fuzzy(selector: TextSelector, text: str) -> Anchor | None:
    """The best approximate match; ``None`` when nothing convinces or two places tie."""
    scored = _fuzzy_candidates(selector, text)
    if not scored:
        return None
    best_score, _, best = scored[0]
    for score, _, other in scored[1:]:
        overlaps = other.start < best.end and best.start < other.end
        if not overlaps and best_score - score < FUZZY_AMBIGUITY:
            return None  # two different places fit equally well
    return Anchor(best.start, best.end, "fuzzy", round(best_score, 3))
