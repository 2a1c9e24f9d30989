"""Key claims: a short list chosen for importance and coverage.

A reader wants the handful of claims that matter, not every sentence: the lead's news,
each named source's main statement, then the most important of the rest, without
near-duplicates. The list grows with the document (5 to 8 claims) and keeps reading
order; each chosen claim records its novelty against the ones chosen before it.
"""

from __future__ import annotations

import math
from collections import Counter

from briefing_reader.core.analysis.claims.claim import Claim

MIN_KEY, MAX_KEY = 5, 8
#: Claims per extra key claim above the minimum: 25 claims give 7 key claims.
CLAIMS_PER_KEY = 6
#: Cosine similarity of content words above which a claim repeats a chosen one.
NEAR_DUPLICATE = 0.5


def key_count(claims: int) -> int:
    """How many key claims a document with ``claims`` claims gets."""
    return min(claims, max(MIN_KEY, min(MAX_KEY, 3 + claims // CLAIMS_PER_KEY)))


def _vector(words: list[str]) -> dict[str, float]:
    counts = Counter(words)
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {w: v / norm for w, v in counts.items()}


def _similarity(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _source_rank(claim: Claim) -> tuple[bool, bool, float]:
    """Sources in the order they get a key claim: people before organisations and
    places, those quoted or reported before those whose stance is described, then by
    importance."""
    return (claim.speaker_label != "PERSON", claim.kind not in {"quote", "reported"}, -claim.score)


def select_key_claims(claims: list[Claim], content: list[list[str]]) -> None:
    """Mark the document's key claims (``claims`` in reading order, with scores;
    ``content``: the content words of each)."""
    if not claims:
        return
    vectors = [_vector(words) for words in content]
    chosen: list[int] = []
    wanted = key_count(len(claims))

    def take(i: int) -> bool:
        similar = max((_similarity(vectors[i], vectors[j]) for j in chosen), default=0.0)
        if similar >= NEAR_DUPLICATE or i in chosen:
            return False
        claims[i].features["novelty"] = round(1.0 - similar, 4)
        chosen.append(i)
        return True

    by_score = sorted(range(len(claims)), key=lambda i: -claims[i].score)
    take(0)  # the lead carries the news
    best_by_source: dict[str, int] = {}
    for i in by_score:
        claim = claims[i]
        if claim.attributed and claim.speaker and claim.speaker not in best_by_source:
            best_by_source[claim.speaker] = i
    for i in sorted(best_by_source.values(), key=lambda i: _source_rank(claims[i])):
        if len(chosen) >= wanted:
            break
        if not take(i):  # this source's best repeats a chosen claim: its next best
            for j in by_score:
                if claims[j].speaker == claims[i].speaker and j != i and take(j):
                    break
    for i in by_score:
        if len(chosen) >= wanted:
            break
        take(i)
    for i in chosen:
        claims[i].key = True
