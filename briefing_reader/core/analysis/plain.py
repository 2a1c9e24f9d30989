"""Findings as plain data: what analysis workers send back to the importing process.

Kept apart from the spaCy component (``findings``) so the process that only stores
results never imports spaCy: loading it there cost about 1.5 s of a core per import.
Rows are flat lists, which pickle faster and smaller than dictionaries.
"""

from __future__ import annotations

from dataclasses import fields

from briefing_reader.core.analysis.claims.claim import Claim
from briefing_reader.core.model import Mention

KEY = "briefing_findings"
SOURCE = "briefing_source"
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_START = _CLAIM_FIELDS.index("start")
_END = _CLAIM_FIELDS.index("end")
_NAMED_AT = _CLAIM_FIELDS.index("named_at")


def to_plain(mentions: list[Mention], claims: list[Claim]) -> dict:
    """``{"mentions": rows, "claims": rows}`` for one document."""
    return {
        "mentions": [[m.start, m.end, m.text, m.label, m.canonical] for m in mentions],
        "claims": [[getattr(c, name) for name in _CLAIM_FIELDS] for c in claims],
    }


def shifted(findings: dict, offset: int) -> dict:
    """The findings of a piece starting at ``offset`` of the whole text."""
    if not offset:
        return findings
    mentions = [[m[0] + offset, m[1] + offset, *m[2:]] for m in findings["mentions"]]
    claims = []
    for row in findings["claims"]:
        row = list(row)
        row[_START] += offset
        row[_END] += offset
        if row[_NAMED_AT] is not None:
            row[_NAMED_AT] = (row[_NAMED_AT][0] + offset, row[_NAMED_AT][1] + offset)
        claims.append(row)
    return {"mentions": mentions, "claims": claims}


def from_plain(data: dict) -> tuple[list[Mention], list[Claim]]:
    mentions = [Mention(*row) for row in data["mentions"]]
    claims = [Claim(*row) for row in data["claims"]]
    return mentions, claims
