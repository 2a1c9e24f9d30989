"""Reported speech that runs on: after "According to him, …" or "Sato said that …", the
next sentences of the same paragraph are still his while they stay in reported speech
(past tense or "would", no speaker of their own), as a quotation keeps its speaker."""

from __future__ import annotations

from briefing_reader.core.analysis.claims.verbs import REPORTING_VERBS, reporting_verb

_CLAUSES = frozenset({"ccomp"})
_BACKSHIFT_MODALS = frozenset({"would", "could", "might", "should"})
_PAST_AUX = frozenset({"had", "was", "were", "would", "could", "might", "should"})


def opens_report(sent, according: bool) -> bool:
    """The sentence reports speech that may run on: "According to X, …" or a verb of
    speech with a clause for its object ("X said (that) …")."""
    if according:
        return True
    for token in sent:
        if reporting_verb(token) in REPORTING_VERBS and any(
            c.dep_ in _CLAUSES for c in token.children
        ):
            return True
    return False


def continues_report(sent) -> bool:
    """The sentence reads as reported speech: its main verb is in the past tense (or
    "would", "could" …) and it names no speaker of its own."""
    root = sent.root
    if sent.text.lstrip()[:1] in {'"', "“", "‘"}:
        return False
    aux = {c.lower_ for c in root.children if c.dep_ in {"aux", "auxpass"}}
    if root.tag_ == "VBD":
        return True
    if root.tag_ in {"VBN", "VBG", "VB"} and aux & _PAST_AUX:
        return True
    return bool(aux & _BACKSHIFT_MODALS)
