"""Evidence that a span of new text is the highlighted passage: its context and its shape.

A candidate span is judged by how well the text on each side of it agrees with the stored
prefix and suffix, measured up to the nearest sentence or paragraph break as well, so a
moved sentence keeps agreeing. Long quotes identify themselves; short ones need context.
Pure functions: no Qt, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from briefing_reader.core.model import TextSelector

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
#: A quote this long (characters and words) identifies itself even when its context changed
#: (a moved sentence or paragraph); shorter ones can also occur elsewhere by chance.
SELF_EVIDENT_CHARS = 50
SELF_EVIDENT_WORDS = 8

WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Candidate:
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
        return (weigh(self.prefix, self.prefix_chars) + weigh(self.suffix, self.suffix_chars)) / 2


def weigh(score: float, chars: int) -> float:
    """Agreement discounted when it rests on a few characters (e.g. both at a paragraph end)."""
    return score if chars >= MIN_EVIDENCE_CHARS else 0.7 * score


def collapse(s: str) -> str:
    """Whitespace runs as one space: line wrapping must not change similarity."""
    return SPACE.sub(" ", s)


# A paragraph break, or whitespace after a sentence's final punctuation.
BREAK = re.compile(r"\n|(?<=[.!?])\s|(?<=[.!?][\"'”’)])\s")


def text_similarity(a: str, b: str) -> float:
    """Whitespace-insensitive similarity (0-1); a transposition counts as one edit."""
    return OSA.normalized_similarity(collapse(a), collapse(b))


def edge_similarity(stored: str, have: str, at_end: bool) -> float:
    """Similarity weighted towards the characters next to the quote.

    Plain similarity forgives a shift of a few characters, which would let the same
    word two characters further on look like the passage; averaging in the nearest
    characters makes the context pin the exact position.
    """
    stored, have = collapse(stored), collapse(have)
    n = NEAREST_CHARS
    nearest = (stored[-n:], have[-n:]) if at_end else (stored[:n], have[:n])
    return (OSA.normalized_similarity(stored, have) + OSA.normalized_similarity(*nearest)) / 2


def side(
    stored: str, have: str, near_stored: str | None, near_have: str | None, at_end: bool
) -> tuple[float, int]:
    """Agreement of one side of the context: (score 0-1, characters of evidence).

    Moving a paragraph or sentence replaces the text beyond the nearest break but keeps
    the text up to it. So when the stored context contains a break, the parts up to the
    break are compared too, and the better score counts - with only those characters
    as evidence. Two empty parts (both at a break) agree, with no evidence.
    """
    full = (edge_similarity(stored, have, at_end), len(stored.strip()))
    if near_stored is None:
        return full
    if near_have is None:
        near_have = have  # no break on the candidate's side: cannot be the same edge
    if not near_stored.strip() and not near_have.strip():
        return max(full, (1.0, 0))
    near = edge_similarity(near_stored, near_have, at_end)
    return max(full, (near, len(near_stored.strip())))


def prefix_side(prefix: str, text: str, start: int) -> tuple[float, int]:
    """How well the text before ``start`` agrees with the stored prefix.

    An empty stored prefix means the quote opened the document: like a paragraph
    start, it agrees with any candidate that starts a paragraph.
    """
    lo = max(0, start - len(prefix) - 8)
    window = text[lo:start]
    breaks = list(BREAK.finditer(window))
    # The document's start is a break too.
    near_have = window[breaks[-1].end() :] if breaks else (window if lo == 0 else None)
    if not prefix.strip():
        return (1.0 if near_have is not None and not near_have.strip() else 0.0), 0
    have = collapse(window)[-len(collapse(prefix)) :]
    stored_breaks = list(BREAK.finditer(prefix))
    near_stored = prefix[stored_breaks[-1].end() :] if stored_breaks else None
    return side(prefix, have, near_stored, near_have, at_end=True)


def suffix_side(suffix: str, quote: str, text: str, end: int) -> tuple[float, int]:
    """How well the text after ``end`` agrees with the stored suffix.

    Breaks are searched with the quote's last character in view, so a quote ending a
    sentence ("... in 2004.") sees the break right after it.
    """
    hi = min(len(text), end + len(suffix) + 8)
    window = text[end:hi]
    found = BREAK.search(text, end, hi)
    # The document's end is a break too.
    near_have = text[end : found.start()] if found else (window if hi == len(text) else None)
    if not suffix.strip():
        return (1.0 if near_have is not None and not near_have.strip() else 0.0), 0
    have = collapse(window)[: len(collapse(suffix))]
    lead = quote[-2:]
    stored_break = BREAK.search(lead + suffix, len(lead))
    near_stored = (lead + suffix)[len(lead) : stored_break.start()] if stored_break else None
    return side(suffix, have, near_stored, near_have, at_end=False)


def candidate(selector: TextSelector, text: str, start: int, end: int) -> Candidate:
    prefix, prefix_chars = prefix_side(selector.prefix, text, start)
    suffix, suffix_chars = suffix_side(selector.suffix, selector.exact, text, end)
    return Candidate(start, end, prefix, suffix, prefix_chars, suffix_chars)


def one_side_agrees(cand: Candidate, threshold: float = SIDE_AGREES) -> bool:
    """One side agrees on enough characters to mean something."""
    return any(
        score >= threshold and chars >= MIN_EVIDENCE_CHARS
        for score, chars in ((cand.prefix, cand.prefix_chars), (cand.suffix, cand.suffix_chars))
    )


def both_sides_agree(cand: Candidate, threshold: float = SIDE_AGREES) -> bool:
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


def context_supports(quote: str, cand: Candidate) -> bool:
    """Enough context evidence that ``cand`` is the highlighted passage.

    Phrases recur in real text ("the three countries"), often with one side of the
    context in common, so a quote that is not self-evident needs both sides to agree.
    Moves keep both agreeing because sides are also compared up to the nearest break.
    A long quote is unlikely to recur, so one agreeing side suffices.
    """
    if is_self_evident(quote):
        return one_side_agrees(cand)
    return both_sides_agree(cand)


def word_count(s: str) -> int:
    return len(WORD.findall(s))


def is_short(quote: str) -> bool:
    return word_count(quote) <= SHORT_QUOTE_WORDS


def is_self_evident(quote: str) -> bool:
    """Long quotes are effectively unique, so a copy needs no context to be trusted."""
    return len(quote.strip()) >= SELF_EVIDENT_CHARS and word_count(quote) >= SELF_EVIDENT_WORDS


def position_closeness(selector: TextSelector, text: str, start: int) -> float:
    """1 at the old position, falling linearly to 0 at a document's length away."""
    if selector.start < 0:
        return 0.5
    return 1.0 - min(1.0, abs(start - selector.start) / max(1, len(text)))


def keeps_boundaries(selector: TextSelector, text: str, start: int, end: int) -> bool:
    """The span does not cut into a word at an end where the original quote was whole.

    So "Europe" is not found inside "Europee" (a letter added) or "Japan" in "Japanese".
    """
    quote = selector.exact
    return not (
        boundary_penalty(text, start, quote[0], selector.prefix[-1:])
        or boundary_penalty(text, end, quote[-1], selector.suffix[:1])
    )


def boundary_penalty(text: str, at: int, inner: str, outer: str) -> int:
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
