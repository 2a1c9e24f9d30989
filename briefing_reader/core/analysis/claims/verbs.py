"""The attribution lexicon and the verbs it recognises in a parse.

Verbs of speech and of stance, cognition, intention and finding; the statement nouns and
stance adjectives that report like them; light verbs that report with a statement as
their object. Inflected forms come from a table, so no lemmatizer has to run.
"""

from __future__ import annotations

from briefing_reader.core.analysis.claims.moods import hypothetical, negated, obliged
from briefing_reader.core.analysis.claims.nouns import (
    STANCE_ADJECTIVES,
    STATED_OBJECTS,
    STATEMENT_NOUNS,
)

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "analyze",
        "analyse",
        "assess",
        "note",
        "argue",
        "warn",
        "emphasize",
        "emphasise",
        "add",
        "claim",
        "insist",
        "stress",
        "explain",
        "announce",
        "report",
        "confirm",
        "deny",
        "suggest",
        "believe",
        "think",
        "predict",
        "acknowledge",
        "admit",
        "comment",
        "declare",
        "observe",
        "point",
        "reiterate",
        "remark",
        "reply",
        "respond",
        "write",
        "conclude",
        "contend",
        "maintain",
        "estimate",
        "allege",
        "accuse",
        "urge",
        "testify",
        "tweet",
        "post",
    ]
)

#: Verbs of stance, cognition, intention and finding. News attributes what someone wants,
#: believes, plans or has found just like what they said ("Trump wants to build a wall",
#: "a poll found that …"), so these make a sentence reported when their subject is named.
STANCE_VERBS = frozenset(
    [
        "want",
        "hope",
        "plan",
        "intend",
        "expect",
        "fear",
        "doubt",
        "suspect",
        "feel",
        "agree",
        "disagree",
        "find",
        "show",
        "reveal",
        "indicate",
        "cite",
        "call",
        "ask",
        "demand",
        "propose",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "recommend",
        "advocate",
        "encourage",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "attack",
        "praise",
        "laud",
        "hail",
        "applaud",
        "condemn",
        "denounce",
        "blame",
        "question",
        "dispute",
        "reject",
        "dismiss",
        "defend",
        "describe",
        "characterize",
        "portray",
        "compare",
        "liken",
        "mention",
        "recall",
        "concede",
        "boast",
        "brag",
        "complain",
        "lament",
        "bemoan",
        "decry",
        "mock",
        "ridicule",
        "joke",
        "signal",
        "hint",
        "imply",
        "highlight",
        "underscore",
        "caution",
        "advise",
        "counter",
        "rebut",
        "retort",
        "assert",
        "affirm",
        "label",
        "brand",
        "dub",
        "welcome",
        "endorse",
        "challenge",
        "tout",
        "echo",
        "repeat",
        "disclose",
        "discover",
        "determine",
        "rule",
        "recognize",
        "realize",
        "wonder",
        "consider",
        "rail",
        "accept",
        "acknowledge",
        "seek",
        "aim",
        "refuse",
        "decline",
        "oppose",
        "speak",
        "talk",
        "discuss",
        "unveil",
        "outline",
        "rate",
        "thank",
        "compliment",
        "express",
        "voice",
        "retweet",
        "chastise",
        "lambaste",
        "scold",
        "rebuke",
        "grill",
        "champion",
        "learn",
        "debate",
        "propound",
        "invoke",
        "paint",
        "protest",
        "link",
        "persuade",
        "balk",
        "seethe",
        "decide",
        "know",
        "remind",
        "downplay",
        "understate",
        "overstate",
        "exaggerate",
        "promote",
        "reference",
        "document",
        "chronicle",
        "detail",
        "contradict",
        "refute",
        "debunk",
        "insult",
        "credit",
        "charge",
        "herald",
    ]
)

#: Verbs of a position taken: what someone blocks, vetoes, favours or resents is theirs
#: ("Britain long blocked …", "Clinton has largely ignored …"), as the predicate of its clause
#: only ("prioritize interests over backing the order" states no position). "support"
#: is left out: in military and aid copy it is mostly an action ("troops supporting
#: Operation Inherent Resolve", "the grant will support conservation work").
POSITION_VERBS = frozenset(
    [
        "back",
        "favor",
        "favour",
        "block",
        "veto",
        "resist",
        "embrace",
        "ignore",
        "resent",
        "love",
        "hate",
        "care",
        "admire",
        "prefer",
        "lobby",
        "rejoice",
    ]
)

#: Verbs that report when their object is a statement: "issued a statement", "made the
#: case", "offered some pointed advice", "laid out her proposals", "made it clear".
LIGHT_VERBS = frozenset(
    ["make", "issue", "release", "deliver", "give", "offer", "send", "sound", "raise", "lay"]
)

_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "found": "find",
    "felt": "feel",
    "sought": "seek",
    "spoke": "speak",
    "knew": "know",
    "known": "know",
    "learnt": "learn",
    "spoken": "speak",
    "shown": "show",
    "analyses": "analyse",
    "analyzes": "analyze",
}
_LIGHT_IRREGULAR = {"made": "make", "gave": "give", "given": "give", "sent": "send", "laid": "lay"}

#: Verbs that double their last consonant ("planned", "slamming").
_DOUBLED = frozenset({"plan", "admit", "slam", "brag", "dub", "rebut"})


def _inflections(verb: str) -> tuple[str, ...]:
    """Base, third person, past and -ing forms of a regular verb."""
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb in _DOUBLED:
        return verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    if verb.endswith("ee"):
        return verb, verb + "s", verb + "d", verb + "ing"
    if verb.endswith("e"):
        return verb, verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


def _verb_forms() -> dict[str, str]:
    """Inflected form → attribution verb, so no lemmatizer has to run (it costs ~15 %)."""
    forms: dict[str, str] = dict(_IRREGULAR)
    for verb in REPORTING_VERBS | STANCE_VERBS | POSITION_VERBS:
        for form in _inflections(verb):
            forms.setdefault(form, verb)
    return forms


REPORTING_FORMS = _verb_forms()
_LIGHT_FORMS = _LIGHT_IRREGULAR | {form: v for v in LIGHT_VERBS for form in _inflections(v)}
BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re"})


def reporting_verb(token) -> str | None:
    """The attribution verb ``token`` is a form of (or the stance adjective), or None."""
    if token.lower_ in STANCE_ADJECTIVES and (
        token.dep_ in {"acomp", "oprd"} or _attitude_participle(token)
    ):
        return token.lower_
    if not token.tag_.startswith("VB") and not noun_tagged_verb(token):
        return None
    if token.lower_ in _LIGHT_FORMS and _states_something(token):
        return _LIGHT_FORMS[token.lower_]
    if token.lower_ in {"put", "puts"} and _puts_it(token):
        return "put"
    if token.lower_ in _SEE_FORMS and _sees_as(token):
        return "see"  # "Critics see reauthorization as an opportunity …": a view
    verb = REPORTING_FORMS.get(token.lower_)
    if verb in POSITION_VERBS and (
        token.dep_ not in _PREDICATE_DEPS
        or (token.i + 1 < len(token.doc) and token.nbor().lower_ in _PARTICLES)
    ):
        return None  # "over backing the order", "Washington backed out"
    return verb


def _attitude_participle(token) -> bool:
    """ "McConnell met her and came away convinced that …", where the tagger read the
    adjective as a verb: with a clause of its own and no object it is a stance, unlike
    "Trump convinced voters that …"."""
    if token.tag_ not in {"VBD", "VBN"}:
        return False
    children = [c.dep_ for c in token.children]
    return "ccomp" in children and "dobj" not in children


_PREDICATE_DEPS = frozenset({"ROOT", "conj", "ccomp", "relcl"})
_PARTICLES = frozenset({"out", "off", "down", "away", "up"})


_SEE_FORMS = frozenset({"see", "sees", "saw", "seen", "seeing"})


def _sees_as(verb) -> bool:
    """ "see X as Y" holds a view of X; "saw the video" perceives."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" for c in children) and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in children
    )


def _puts_it(verb) -> bool:
    """ "As Ms. Simonyan put it, …": "put it" in a clause led by "as" quotes someone."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" and c.lower_ == "it" for c in children) and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ in {"as", "how"} for c in children
    )


def _states_something(verb) -> bool:
    """The light verb's object is a statement ("issued a statement"), not one already
    reported ("Trump made the comments Friday", "made this statement during …": the
    sentence tells when and where, not what)."""
    return any(
        c.dep_ in {"dobj", "oprd", "ccomp"}
        and (c.lower_ in STATEMENT_NOUNS or c.lower_ in STATED_OBJECTS)
        and not _told_before(c)
        for c in verb.children
    )


_ANAPHORIC = frozenset({"the", "this", "these", "those", "that"})
_CONTENT = frozenset({"acl", "ccomp", "relcl", "appos"})


def _told_before(noun) -> bool:
    """A definite statement noun with no content of its own ("the comments", "this
    statement") points back to speech reported earlier."""
    children = list(noun.children)
    if any(c.lower_ == "following" for c in children):
        return False  # "made the following comment:" points ahead
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC for c in children) and not any(
        c.dep_ in _CONTENT for c in children
    )


def noun_tagged_verb(token) -> bool:
    """ "Trump claims that …", "the campaign plans to …" tagged as a plural noun with the
    name as its compound: a verb all the same when a clause hangs off it."""
    return (
        token.tag_ in {"NNS", "NNPS"}
        and any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)
        and any(c.dep_ == "compound" for c in token.children)
    )


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def reporting_verbs_in(span, regions: list[tuple[int, int]] = ()) -> list:
    """Attribution verbs outside the quotation ``regions``, the main clause's first:
    in "Trump wants a wall, Pence said" Pence speaks, not Trump."""
    verbs = [
        t
        for t in span
        if reporting_verb(t)
        and not any(a <= t.idx < b for a, b in regions)
        and not obliged(t)
        and not hypothetical(t)
        and not (negated(t) and reporting_verb(t) in REPORTING_VERBS)
    ]
    return sorted(verbs, key=lambda t: (_telling_when(t), _depth(t), t.i))


#: Words opening a clause that tells when the main clause happened.
_WHEN = frozenset({"when", "after", "before", "while", "until", "once", "whenever"})


def _telling_when(verb) -> bool:
    """A verb in a clause of time ("… footage of Trump saying “…” when Clinton blasted
    him") dates the sentence's content; an attribution elsewhere in it comes first."""
    return verb.dep_ == "advcl" and any(
        c.dep_ in {"advmod", "mark"} and c.lower_ in _WHEN for c in verb.children
    )
