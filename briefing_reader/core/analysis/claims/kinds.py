"""The editorial kinds (forecast, assessment, event) and which sentences are claims."""

from __future__ import annotations

import re

from briefing_reader.core.analysis.claims.verbs import BE_FORMS

_ASSESSMENT_MODALS = frozenset(
    {"must", "should", "need", "needs", "ought", "can", "may", "might", "could"}
)

_FORECAST_MODALS = frozenset({"will", "would", "shall", "'ll"})

_EVALUATIVE = re.compile(
    r"\b(essential|important|crucial|vital|necessary|at risk|on the brink|must|should|"
    r"needs? to|it can be said|clearly|undoubtedly|increasingly|unsettled|concern(s|ed)?)\b",
    re.IGNORECASE,
)

_CONDITIONAL = re.compile(r"^\s*(if|unless|should|in the event)\b", re.IGNORECASE)

_MIN_TOKENS = 6


def editorial_kind(sent) -> str:
    root = sent.root
    text = sent.text
    aux = {t.lower_ for t in root.children if t.dep_ in {"aux", "auxpass"}}
    modals = {t.lower_ for t in sent if t.tag_ == "MD"}
    if _CONDITIONAL.match(text) and modals & _FORECAST_MODALS:
        return "forecast"
    if aux & _FORECAST_MODALS:
        return "forecast"
    if aux & _ASSESSMENT_MODALS or _EVALUATIVE.search(text):
        return "assessment"
    if _CONDITIONAL.match(text):
        return "forecast"
    if root.tag_ == "VBD" or (root.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}):
        return "event"
    if root.tag_ == "VBG" and aux & {"is", "are", "was", "were"}:
        return "event"
    if root.lower_ in BE_FORMS:
        return "assessment"
    if root.tag_ in {"VBZ", "VBP"}:
        return "event"
    return "assessment"


def is_claim_sentence(sent) -> bool:
    text = sent.text
    if text.rstrip().endswith("?"):
        return False
    words, verb = 0, False
    for t in sent:  # one pass: reading token attributes is most of the cost
        verb = verb or t.tag_.startswith(("VB", "MD"))
        if not t.is_punct and not t.is_space:
            words += 1
    if words < _MIN_TOKENS or not verb:
        return False
    return not text.lstrip().lower().startswith(("source:", "(from ", "from the ", "copyright"))
