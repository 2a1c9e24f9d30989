"""Importance: a weighted sum of named features, kept with each claim."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from briefing_reader.core.analysis.claims.claim import Claim
from briefing_reader.core.analysis.entities import Mention

#: Weights of the importance features (each feature is in 0..1).
WEIGHTS = {
    "attributed": 0.25,
    "kind": 0.2,
    "entities": 0.15,
    "numbers": 0.05,
    "position": 0.15,
    "centrality": 0.2,
    "lead": 0.15,
    "boilerplate": -0.3,
}

#: Where a claim stands in the inverted pyramid: the lead paragraph carries the news,
#: the nut paragraph after it says why it matters.
_LEAD_VALUE = {0: 1.0, 1: 0.5}

#: Links, handles and embedded posts: page furniture more than something asserted.
_FURNITURE = re.compile(r"https?://|www\.|pic\.twitter\.com|\S+\.(?:com|org)/\S|(?<!\w)@\w{2,}")

_KIND_VALUE = {"quote": 1.0, "reported": 0.9, "forecast": 0.8, "assessment": 0.8, "event": 0.6}


def _centrality(sentences: list[list[str]]) -> list[float]:
    """Mean cosine similarity of each sentence's content lemmas to the others (tf-idf)."""
    n = len(sentences)
    if n < 2:
        return [1.0] * n
    df = Counter(word for words in sentences for word in set(words))
    vectors = []
    for words in sentences:
        counts = Counter(words)
        vec = {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    # The summed similarity to the others is the dot product with the sum of all the
    # vectors less the sentence's own: one pass over the words, not one per pair.
    summed: Counter = Counter()
    for vec in vectors:
        summed.update(vec)
    scores = []
    for vec in vectors:
        total = sum(v * summed[w] for w, v in vec.items()) - sum(v * v for v in vec.values())
        scores.append(total / (n - 1))
    top = max(scores) or 1.0
    return [s / top for s in scores]


def score(claims: list[Claim], sents: list, mentions: list[Mention], text: str) -> list[list[str]]:
    """Score each claim; return the content words of each (key claim selection reuses
    them)."""
    content = [[t.lower_ for t in sent if t.is_alpha and not t.is_stop] for sent in sents]
    centrality = _centrality(content)
    starts = [m.start for m in mentions]  # sorted by extract_claims
    text_length = len(text)
    breaks = [m.start() for m in re.finditer("\n\n", text)]
    paragraphs = sorted({bisect_right(breaks, c.start) for c in claims})  # that have claims
    for claim, sent, central in zip(claims, sents, centrality, strict=True):
        words = max(1, sum(1 for t in sent if t.is_alpha))
        inside = mentions[bisect_left(starts, claim.start) : bisect_left(starts, claim.end)]
        named = sum(1 for m in inside if m.label != "DATE")
        features = {
            "attributed": 1.0 if claim.attributed else 0.0,
            "kind": _KIND_VALUE[claim.kind],
            "entities": min(1.0, named / words * 5),
            "numbers": 1.0 if any(t.like_num for t in sent) else 0.0,
            "position": 1.0 - claim.start / max(1, text_length),
            "centrality": round(central, 4),
            "lead": _LEAD_VALUE.get(paragraphs.index(bisect_right(breaks, claim.start)), 0.0),
            "boilerplate": 1.0 if _FURNITURE.search(claim.text) else 0.0,
        }
        claim.features = {k: round(v, 4) for k, v in features.items()}
        claim.score = sum(WEIGHTS[k] * v for k, v in features.items())
    return content
