"""Sentence-level attributions besides a verb's subject: "according to X", a partly
quoted sentence's own attribution, headlines, a name run into its verb, and statements
owned by someone ("Trump's claim that …")."""

from __future__ import annotations

from typing import Any

from briefing_reader.core.analysis.claims.hedges import HEDGE_RE
from briefing_reader.core.analysis.claims.moods import hypothetical
from briefing_reader.core.analysis.claims.nouns import STATEMENT_NOUNS
from briefing_reader.core.analysis.claims.quotes import in_regions
from briefing_reader.core.analysis.claims.subjects import (
    NOBODY,
    PRONOUNS,
    SPEAKER_LABELS,
    Found,
    is_found,
    known_name,
    mention_at,
    named_by,
    quoted_subject,
    subject_mention,
    subject_speaker,
)
from briefing_reader.core.analysis.claims.verbs import (
    BE_FORMS,
    POSITION_VERBS,
    REPORTING_FORMS,
    REPORTING_VERBS,
    reporting_verb,
    reporting_verbs_in,
)
from briefing_reader.core.analysis.entities import Mention

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})


def according_to(span, mentions: list[Mention]) -> tuple[Mention | None, Any, bool]:
    """(mention, pronoun token, found) for "according to X" in ``span``."""
    for token in span:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.nbor().lower_ == "to"
        ):
            if token.i + 2 < len(token.doc):
                target = token.doc[token.i + 2]
                if target.lower_ in PRONOUNS:
                    return None, target, True
                for t in token.doc[token.i + 2 : min(len(token.doc), token.i + 8)]:
                    m = mention_at(mentions, t.idx, t.idx + len(t))
                    if m is not None and m.label in SPEAKER_LABELS:
                        return m, None, True
                objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
                if objects:  # "according to Ham", a name the entity model missed, or
                    # "according to a complaint filed by the S.E.C."
                    return subject_mention(objects[0], mentions), None, True
            return None, None, True
    return None, None, False


def own_attribution(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Found:
    """The speaker a partly quoted sentence names itself, outside its quotation marks
    ("Clinton called them “deplorables.”"), which beats one carried over from earlier."""
    for verb in reporting_verbs_in(sent, regions):
        if reporting_verb(verb) in POSITION_VERBS:
            continue  # "The UK has supported …" in a minister's statement is still his
        found = subject_speaker(verb, mentions)
        if is_found(found) and not quoted_subject(found, regions):
            return found
    return NOBODY


def headline_speaker(sent, mentions: list[Mention]) -> Found:
    """ "Sanders Vows To Eliminate Tax Breaks": in a title-case headline the tagger reads
    every word as a name, so a reporting verb right after a name is taken as it is."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or sum(t.text[0].isupper() for t in words) < 0.8 * len(words):
        return NOBODY
    for token in words[1:]:
        if token.lower_.endswith("s") and token.lower_ in REPORTING_FORMS:
            m = subject_mention(token.doc[token.i - 1], mentions)
            known = m is not None and any(m.canonical == n.canonical for n in mentions)
            if known and m.label in {"PERSON", "ORG"}:
                return m, None
    return NOBODY


#: Words that may stand between a subject and its verb: "Trump has long pooh-poohed".
_BETWEEN_SUBJECT_AND_VERB = BE_FORMS | frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "long",
        "recently",
        "repeatedly",
        "never",
        "not",
        "n't",
        "still",
        "again",
        "then",
        "now",
        "often",
        "already",
        "just",
        "publicly",
        "privately",
        "openly",
    ]
)


def name_then_verb(sent, mentions: list[Mention]) -> Found:
    """A person or organisation followed at once by an attribution verb ("Trump charges
    that …", "Trump has pooh-poohed …"), for when the tagger read the name as a common
    noun ("trump") and the parse lost the subject."""
    for verb in sent:
        if verb.lower_ not in REPORTING_FORMS or verb.tag_ == "NN":
            continue
        if REPORTING_FORMS[verb.lower_] in POSITION_VERBS:
            continue  # a position needs the parse's word for it ("backed out" is none)
        i = verb.i - 1
        while i >= sent.start and verb.doc[i].lower_ in _BETWEEN_SUBJECT_AND_VERB:
            i -= 1
        if i < sent.start or not verb.doc[i].text[:1].isupper():
            continue
        name = verb.doc[i]
        m = mention_at(mentions, name.idx, name.idx + len(name))
        if m is None:
            m = known_name(name, mentions)  # the entity model missed "Trump" too
        if m is not None and m.label in {"PERSON", "ORG"} and name.idx + len(name) == m.end:
            return m, None
    return NOBODY


def possessed_statement(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Found:
    """The owner of a statement noun outside quotes: "Trump's claim that …", "a New York
    Times report that …" (a name compounded with the noun), and the subject of a clause
    framed "In a statement (issued Tuesday), Clinton was …"."""
    for token in sent:
        if not token.tag_.startswith("NN") or in_regions(token.idx, regions):
            continue
        framed = _framing_subject(token, mentions)
        if is_found(framed):
            return framed
        if token.lower_ not in STATEMENT_NOUNS or hypothetical(_clause_of(token)):
            continue  # "If Trump's plan rejected …" imagines what it would do
        owner = _owner(token, mentions)
        if is_found(owner):
            return owner
    return NOBODY


def _owner(noun, mentions: list[Mention]) -> Found:
    """Whose statement ``noun`` is: a person or organisation compounded with it ("a New
    York Times report") or its possessor ("Trump's claim", "his remarks")."""
    for child in noun.children:
        if child.dep_ == "compound":
            found = mention_at(mentions, child.idx, child.idx + len(child))
            if found is not None and found.label in {"PERSON", "ORG"}:
                return found, None
        if child.dep_ != "poss":
            continue
        if child.lower_ in _POSSESSIVE_PRONOUNS:
            return None, child
        found = subject_mention(child, mentions)
        if found is not None:
            return found, None
    return NOBODY


def stated_content(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Found:
    """Who makes a statement whose content the sentence spells out: "Democrats persisted
    in arguments that …", "his remarks carried a tacit acknowledgment that …". Its owner,
    else the subject of the verb it stands under (or, when that subject is a statement
    too, its owner). Hedges inside the content are the speaker's, so unlike
    :func:`possessed_statement` a hedged sentence still reports."""
    for token in sent:
        if token.lower_ not in STATEMENT_NOUNS or in_regions(token.idx, regions):
            continue
        content = _spelled_out(token)
        if content is None or _hedged_around(sent, content):
            continue  # "Trump's claim that … may have been aimed at …": the writer's guess
        owner = _owner(token, mentions)
        verb = _clause_of(token)
        if is_found(owner) or hypothetical(verb):
            return owner
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or in_regions(subject.idx, regions):
            continue
        if subject.lower_ in STATEMENT_NOUNS:
            return _owner(subject, mentions)
        found = named_by(subject, mentions)
        if is_found(found):
            return found
    return NOBODY


def _spelled_out(noun) -> Any:
    """ "arguments that the panel is …": the content clause (not a relative one), if any."""
    return next(
        (
            c
            for c in noun.children
            if c.dep_ in {"acl", "ccomp"}
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )


def _hedged_around(sent, content) -> bool:
    """Whether the sentence hedges outside the statement's content."""
    text, start = sent.text, sent.start_char
    a, b = content.left_edge.idx - start, content.right_edge.idx + len(content.right_edge) - start
    return HEDGE_RE.search(text[:a] + " " + text[b:]) is not None


def _clause_of(token) -> Any:
    """The verb heading the clause ``token`` stands in."""
    while not token.tag_.startswith(("VB", "MD")) and token.head.i != token.i:
        token = token.head
    return token


#: Statements that frame what their clause says: "In a statement, …", "in an interview".
_FRAMES = frozenset({"statement", "interview", "letter", "speech", "tweet", "post", "op-ed"})


def _framing_subject(noun, mentions: list[Mention]) -> Found:
    """ "In a statement issued Tuesday, Clinton was more circumspect …": the statement
    is the main clause subject's."""
    prep = noun.head
    if noun.lower_ not in _FRAMES or noun.dep_ != "pobj" or prep.lower_ != "in":
        return NOBODY
    if prep.dep_ != "prep" or prep.head.dep_ != "ROOT":
        return NOBODY
    for child in prep.head.children:
        if child.dep_ == "nsubj":
            if child.lower_ in PRONOUNS:
                return None, child
            found = subject_mention(child, mentions)
            return (found, None) if found is not None else NOBODY
    return NOBODY


def unnamed_speaker(sent, regions: list[tuple[int, int]]) -> bool:
    """Whether someone the text does not name speaks: "Officials said …", "Several cast
    members said …", "critics say". Reported speech all the same, not an event."""
    for verb in reporting_verbs_in(sent, regions):
        if reporting_verb(verb) not in REPORTING_VERBS:
            continue  # "the results show …", "the move signals …": not someone speaking
        for child in verb.children:
            if child.dep_ == "nsubj" and child.tag_ in {"NN", "NNS", "NNP", "NNPS"}:
                return True
    return False
