"""Hedges: cue phrases that soften a claim ("may have been", "reportedly")."""

from __future__ import annotations

import re

#: Longest first, so "may have been" is reported rather than "may".
HEDGE_CUES = (
    "may have been",
    "might have been",
    "could have been",
    "is said to",
    "are said to",
    "was said to",
    "were said to",
    "is believed to",
    "are believed to",
    "is thought to",
    "is expected to",
    "are expected to",
    "is likely to",
    "are likely to",
    "appears to",
    "appear to",
    "seems to",
    "seem to",
    "reportedly",
    "allegedly",
    "apparently",
    "possibly",
    "probably",
    "perhaps",
    "presumably",
    "likely",
    "unlikely",
    "may",
    "might",
    "could",
    "seems",
    "appears",
    "suggests",
    "it is unclear",
    "unconfirmed",
)

HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in HEDGE_CUES) + r")\b", re.IGNORECASE)

_MODAL_CUES = frozenset({"may", "might", "could"})


def hedges_in(sent, start: int, text: str) -> list[str]:
    """Hedge cues in the sentence; "may", "might", "could" only as modal verbs."""
    found: list[str] = []
    for m in HEDGE_RE.finditer(text, start, sent.end_char):
        cue = m.group(1).lower()
        if cue in _MODAL_CUES and not _modal_at(sent, m.start()):
            continue  # "military might"
        if cue not in found:
            found.append(cue)
    return found


def _modal_at(sent, char: int) -> bool:
    """Whether the token starting at ``char`` is a modal verb (looked up only for the
    few "may", "might", "could" found, not for every token)."""
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and span[0].idx == char and span[0].tag_ == "MD"
