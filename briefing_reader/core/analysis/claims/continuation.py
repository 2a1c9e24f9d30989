"""Reported speech that runs on: after "According to him, …" or "Sato said that …", the
next sentences of the same paragraph are still his while they stay in reported speech
(past tense or "would", no speaker of their own), as a quotation keeps its speaker."""

from __future__ import annotations

from briefing_reader.core.analysis.claims.verbs import (
    REPORTING_VERBS,
    reporting_verb,
    reporting_verbs_in,
)

_CLAUSES = frozenset({"ccomp"})
_BACKSHIFT_MODALS = frozenset({"would", "could", "might", "should"})
_PAST_AUX = frozenset({"had", "was", "were", "would", "could", "might", "should"})


def opens_report(sent, according: bool) -> bool:
    """The sentence opens reported speech that may run on: "According to X, …" at its
    start, a main verb of speech with a clause for its object ("X said (that) …"), or a
    verb of speech set into the reported clause ("The museum, Mr. Obama said, would …")."""
    if according:
        return sent.text.lstrip().lower().startswith("according to")
    root = sent.root
    if reporting_verb(root) in REPORTING_VERBS:
        return any(c.dep_ in _CLAUSES for c in root.children)
    return any(
        c.dep_ == "parataxis" and reporting_verb(c) in REPORTING_VERBS and c.i > sent.start + 1
        for c in root.children
    )


#: Subjects that make a sentence about someone rather than what they said: "He went
#: hiking …", "Lynch herself was a partner …".
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "him", "her", "them", "who"})


def continues_report(sent, people: frozenset[int] = frozenset(), backshift: bool = False) -> bool:
    """The sentence reads as reported speech: its main verb is in the past tense (or
    "would", "could" …), nothing in it attributes to anyone, and its subject is neither
    a person (a pronoun or a name: then the sentence tells what someone did) nor an
    organisation or person named in it. ``backshift``: after "X said that …" a plain
    past ("the client fired …") is the writer's narrative again; only "had", "would",
    "could" … carry the report on. ``people``: start offsets of person and
    organisation mentions."""
    root = sent.root
    if sent.text.lstrip()[:1] in {'"', "“", "‘"}:
        return False
    for verb in reporting_verbs_in(sent):
        if any(c.dep_ == "nsubj" for c in verb.children):
            return False  # someone else says something ("Some painted it as …")
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and (
            child.lower_ in _PERSONAL or any(t.idx in people for t in child.subtree)
        ):
            return False
    aux = {c.lower_ for c in root.children if c.dep_ in {"aux", "auxpass"}}
    if root.tag_ == "VBD" and not backshift:
        return True
    if root.tag_ in {"VBN", "VBG", "VB"} and aux & _PAST_AUX:
        return True
    return bool(aux & _BACKSHIFT_MODALS)
