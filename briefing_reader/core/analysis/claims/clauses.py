"""Clauses inside a sentence: two attributions joined into one sentence become two claims,
and a stance in a side clause does not make the whole sentence someone else's."""

from __future__ import annotations

from typing import Any

from briefing_reader.core.analysis.claims.quotes import in_regions
from briefing_reader.core.analysis.claims.subjects import is_found, subject_speaker
from briefing_reader.core.analysis.claims.verbs import REPORTING_VERBS, reporting_verb
from briefing_reader.core.analysis.entities import Mention

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_TRIM = " \t\n,;:-–—"


def _own_subject(verb) -> bool:
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _speaker_key(found) -> object:
    mention, pronoun = found
    return mention.canonical if mention is not None else pronoun.lower_


def attribution_clauses(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> list:
    """The sentence as spans, one per coordinated clause, when two or more of its
    coordinated main clauses attribute to different speakers ("Democrats want …, and
    Republicans want …"); otherwise the sentence itself."""
    leading = _leading_attribution(sent, regions, mentions)
    if leading is not None:
        return leading
    root = _coordinating_head(sent.root)
    heads = [root, *_conjoined_verbs(root)]
    if len(heads) < 2 or not all(_own_subject(h) for h in heads):
        return [sent]
    speakers = []
    for head in heads:
        if in_regions(head.idx, regions) or not reporting_verb(head):
            return [sent]
        found = subject_speaker(head, mentions)
        if not is_found(found):
            return [sent]
        speakers.append(_speaker_key(found))
    if len(set(speakers)) < len(speakers):
        return [sent]
    doc = sent.doc
    starts = [sent.start] + [h.left_edge.i for h in heads[1:]]
    ends = []
    for first in starts[1:]:
        previous = doc[first - 1]
        # "…, and Republicans want …": the "and" belongs to neither clause
        ends.append(first - 1 if previous.dep_ == "cc" and previous.head.i == root.i else first)
    ends.append(sent.end)
    return [doc[a:b] for a, b in zip(starts, ends, strict=True) if a < b]


def _leading_attribution(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Any:
    """ "When Clinton noted that …, Trump boasted, “…”": a clause opening the sentence
    that attributes to someone other than its main clause is a claim of its own."""
    root = sent.root
    if not reporting_verb(root) or not _own_subject(root) or in_regions(root.idx, regions):
        return None
    for child in root.children:
        if child.dep_ != "advcl" or child.left_edge.i != sent.start or child.i > root.i:
            continue
        if not reporting_verb(child) or not _own_subject(child):
            return None
        first, main = subject_speaker(child, mentions), subject_speaker(root, mentions)
        if not (is_found(first) and is_found(main)) or _speaker_key(first) == _speaker_key(main):
            return None
        doc, cut = sent.doc, child.right_edge.i + 1
        return [doc[sent.start : cut], doc[cut : sent.end]]
    return None


def _conjoined_verbs(head) -> list:
    return [
        c
        for c in head.children
        if c.dep_ == "conj" and c.tag_.startswith(("VB", "MD")) and c.i > head.i
    ]


def _coordinating_head(root) -> Any:
    """The verb whose coordinated clauses may attribute: the root, or a clause it
    introduces ("The debate is predictable - Trump has vowed …, and Clinton is
    promising …")."""
    if reporting_verb(root) or _conjoined_verbs(root):
        return root
    for child in root.children:
        if (
            child.dep_ in {"ccomp", "parataxis"}
            and reporting_verb(child)
            and _conjoined_verbs(child)
        ):
            return child
    return root


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A clause's characters without the commas and spaces at its edges."""
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    while start < end and text[start] in " \t\n":
        start += 1
    return start, end


_SIDE_MARKS = frozenset(
    {"while", "whereas", "as", "after", "before", "when", "since", "because", "although", "though"}
)


def side_stance(verb) -> bool:
    """A stance (not speech) in a side clause under a main clause with its own subject
    that says nothing: in "The US has strengthened …, while the two countries have
    promoted …" the sentence is the writer's account of events."""
    if reporting_verb(verb) in REPORTING_VERBS or verb.dep_ != "advcl":
        return False
    if not any(c.dep_ == "mark" and c.lower_ in _SIDE_MARKS for c in verb.children):
        return False
    main = verb.head
    return _own_subject(verb) and _own_subject(main) and not reporting_verb(main)
