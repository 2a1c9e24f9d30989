"""The last pipeline component: entities and claims computed where the parse is.

Running this inside ``nlp.pipe`` puts the work in the worker processes when
analysis runs in parallel; the results travel back as plain data in
``doc.user_data`` (the document's source travels in the same way).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from briefing_reader.core.analysis.claims import Claim, extract_claims
from briefing_reader.core.analysis.entities import Mention, mentions_of
from briefing_reader.core.analysis.plain import KEY, SOURCE, from_plain, to_plain

__all__ = ["KEY", "SOURCE", "findings", "read_findings"]


@Language.component("briefing_findings")
def findings(doc: Doc) -> Doc:
    source = doc.user_data.get(SOURCE)
    mentions = mentions_of(doc, source)
    doc.user_data[KEY] = to_plain(mentions, extract_claims(doc, mentions, source))
    return doc


def read_findings(doc: Doc) -> tuple[list[Mention], list[Claim]]:
    return from_plain(doc.user_data[KEY])
