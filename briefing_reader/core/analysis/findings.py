"""The last pipeline component: entities and claims computed where the parse is.

Running this inside ``nlp.pipe`` puts the work in the worker processes when
analysis runs in parallel; the results travel back as plain data in
``doc.user_data`` (the document's source travels in the same way).
"""

from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from briefing_reader.core.analysis.claims import Claim, extract_claims
from briefing_reader.core.analysis.entities import Mention, mentions_of

KEY = "briefing_findings"
SOURCE = "briefing_source"


@Language.component("briefing_findings")
def findings(doc: Doc) -> Doc:
    source = doc.user_data.get(SOURCE)
    mentions = mentions_of(doc, source)
    claims = extract_claims(doc, mentions, source)
    doc.user_data[KEY] = {
        "mentions": [[m.start, m.end, m.text, m.label, m.canonical] for m in mentions],
        "claims": [asdict(c) for c in claims],
    }
    return doc


def read_findings(doc: Doc) -> tuple[list[Mention], list[Claim]]:
    return from_plain(doc.user_data[KEY])


def from_plain(data: dict) -> tuple[list[Mention], list[Claim]]:
    mentions = [Mention(*row) for row in data["mentions"]]
    claims = [Claim(**row) for row in data["claims"]]
    return mentions, claims
