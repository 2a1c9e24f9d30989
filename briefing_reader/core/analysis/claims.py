"""Key claims: which sentences assert something, who asserts it, how hedged, how important.

Rules over spaCy's sentences and dependency parse, all explainable:

- **Quotes** are sentences mostly inside quotation marks (straight, curly or the
  doubled apostrophes of wire copy). Quotation regions are paired per paragraph, so a
  quote running over several sentences keeps one speaker. The speaker comes from the
  clause introducing the quote (``X said:``, ``X (role) analyzed: "…"``, ``Said X:``),
  following it (``"…," said Professor Sato``, ``"…" ― Carla Sanchez``) or from a later
  quotation of the same paragraph; a transcript label (``PENCE: …``) speaks for its
  paragraph.
- **Reported** claims have an attribution verb whose subject is named (a person,
  organisation, country, or a proper noun), "according to X", or a statement owned by
  someone ("Trump's claim that …"). Attribution verbs are verbs of speech (said,
  assessed, …) and, as news attributes intentions, beliefs and findings too, of
  stance, cognition, intention and finding (wants, believes, plans, found, called for,
  criticized, …); plain actions ("Trump signed the bill") stay editorial. Pronoun
  subjects resolve to a person named earlier in the sentence, else the last speaker,
  else the last person named; "they" and "it" to the last group or organisation that
  was a subject.
- Everything else speaks in the **editorial voice** (the publication, when known) and is
  a **forecast** (conditional or future), an **assessment** (modal, evaluative, hedged)
  or an **event** (something that happened).
- **Hedges** are cue phrases found in the claim ("may have been", "reportedly").
- **Importance** is a weighted sum of named features, kept with the claim.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from briefing_reader.core.analysis.entities import Mention

KINDS = ("quote", "reported", "assessment", "event", "forecast")

# -- the lexicon ---------------------------------------------------------------------

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

#: Nouns naming what someone said, found or wants: "Trump's claim that …", "under
#: Mrs. Clinton's plan, …", "his promises to …" report their owner's position.
STATEMENT_NOUNS = frozenset(
    [
        "claim",
        "claims",
        "plan",
        "plans",
        "proposal",
        "proposals",
        "comment",
        "comments",
        "remark",
        "remarks",
        "statement",
        "statements",
        "promise",
        "promises",
        "pledge",
        "announcement",
        "estimate",
        "estimates",
        "assessment",
        "view",
        "views",
        "argument",
        "position",
        "warning",
        "criticism",
        "accusation",
        "allegation",
        "admission",
        "acknowledgment",
        "prediction",
        "conclusion",
        "insistence",
        "emphasis",
        "rhetoric",
        "testimony",
        "vow",
        "demand",
        "demands",
        "call",
        "message",
        "report",
        "analysis",
        "findings",
        "decision",
        "forecast",
        "forecasts",
        "theory",
        "bet",
        "ideas",
        "goal",
        "goals",
        "reaction",
        "response",
        "answer",
        "complaint",
        "complaints",
        "words",
    ]
)

#: Adjectives of attitude: "Republicans were not too concerned about …", "McConnell came
#: away convinced that …" report a stance like the verbs above.
STANCE_ADJECTIVES = frozenset(
    [
        "afraid",
        "concerned",
        "convinced",
        "confident",
        "worried",
        "skeptical",
        "sceptical",
        "optimistic",
        "pessimistic",
        "sure",
        "certain",
        "hopeful",
        "doubtful",
        "frustrated",
        "incensed",
        "furious",
        "eager",
        "determined",
        "adamant",
        "aware",
        "coy",
        "critical",
        "reluctant",
        "pleased",
        "disappointed",
        "unhappy",
        "passionate",
    ]
)
#: Objects that make a light verb report, besides the statement nouns.
_STATED_OBJECTS = frozenset(
    [
        "speech",
        "letter",
        "case",
        "advice",
        "point",
        "points",
        "insights",
        "questions",
        "concerns",
        "plea",
        "appeal",
        "ultimatum",
        "recommendation",
        "recommendations",
        "endorsement",
        "clear",
    ]
)

#: Verbs that report when their object is a statement: "issued a statement", "made the
#: case", "offered some pointed advice", "laid out her proposals", "made it clear".
LIGHT_VERBS = frozenset(
    ["make", "issue", "release", "deliver", "give", "offer", "send", "sound", "raise", "lay"]
)
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
    for verb in REPORTING_VERBS | STANCE_VERBS:
        for form in _inflections(verb):
            forms.setdefault(form, verb)
    return forms


_REPORTING_FORMS = _verb_forms()
_LIGHT_FORMS = _LIGHT_IRREGULAR | {form: v for v in LIGHT_VERBS for form in _inflections(v)}
_BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re"})


def reporting_verb(token) -> str | None:
    """The attribution verb ``token`` is a form of (or the stance adjective), or None."""
    if token.dep_ in {"acomp", "oprd"} and token.lower_ in STANCE_ADJECTIVES:
        return token.lower_
    if not token.tag_.startswith("VB") and not _noun_tagged_verb(token):
        return None
    if token.lower_ in _LIGHT_FORMS and _states_something(token):
        return _LIGHT_FORMS[token.lower_]
    return _REPORTING_FORMS.get(token.lower_)


def _states_something(verb) -> bool:
    """The light verb's object is a statement ("issued a statement")."""
    return any(
        c.dep_ in {"dobj", "oprd", "ccomp"}
        and (c.lower_ in STATEMENT_NOUNS or c.lower_ in _STATED_OBJECTS)
        for c in verb.children
    )


def _noun_tagged_verb(token) -> bool:
    """ "Trump claims that …", "the campaign plans to …" tagged as a plural noun with the
    name as its compound: a verb all the same when a clause hangs off it."""
    return (
        token.tag_ in {"NNS", "NNPS"}
        and any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)
        and any(c.dep_ == "compound" for c in token.children)
    )


_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in HEDGE_CUES) + r")\b", re.IGNORECASE)

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
#: Subject pronouns that stand for a speaker named elsewhere.
_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "it"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})
_PLURAL = frozenset({"they", "them"})
_QUOTE_OPEN = '“"'
_QUOTE_CLOSE = '”"'
_MARK_TOKENS = frozenset({'"', "“", "”", "''"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MIN_TOKENS = 6

#: A sentence at least this much inside quotation marks is a quote.
QUOTE_SHARE = 0.3

_MODAL_CUES = frozenset({"may", "might", "could"})

#: Weights of the importance features (each feature is in 0..1).
WEIGHTS = {
    "attributed": 0.25,
    "kind": 0.2,
    "entities": 0.15,
    "numbers": 0.05,
    "position": 0.15,
    "centrality": 0.2,
}

_KIND_VALUE = {"quote": 1.0, "reported": 0.9, "forecast": 0.8, "assessment": 0.8, "event": 0.6}


@dataclass(slots=True)
class Claim:
    """One claim; offsets index the document text; ``speaker`` is a canonical entity name."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_label: str | None = None
    attributed: bool = False  # the speaker comes from an attribution, not the editorial voice
    hedges: list[str] = field(default_factory=list)
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "hedges": self.hedges,
            "score": round(self.score, 4),
        }


# -- quotation regions ---------------------------------------------------------------


def _marks(paragraph: str) -> list[tuple[int, str]]:
    """(position, mark) of the quotation marks of a paragraph; a doubled apostrophe
    ('' as some wire copy writes a straight quote) counts as one '"'."""
    marks = []
    i = 0
    while i < len(paragraph):
        char = paragraph[i]
        if paragraph.startswith("''", i):
            if not paragraph.startswith("'''", i):
                marks.append((i, '"'))
            i += 2
            continue
        if char in _QUOTE_OPEN or char in _QUOTE_CLOSE:
            marks.append((i, char))
        i += 1
    return marks


def _opens_quote(char: str, i: int, before: str, after: str) -> bool:
    """An opening mark, a straight quote not glued to a word on its left, or a closing
    mark that opens its paragraph."""
    if char in _QUOTE_OPEN:
        return not (char == '"' and before.isalnum())
    return char == "”" and i == 0 and after.isalnum()


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted stretches, including the marks, paired within paragraphs.

    A straight quote glued to a word on its right inside an open quotation opens an
    inner quotation ("… Trump's "America First" tendencies …"), whose closing mark is
    skipped too; so does a second opening curly mark (“… what he calls “hell” than …”).
    A quotation still open at the paragraph's end closes at its last closing mark, and a
    closing mark opening a paragraph opens a quotation (a typo seen in the wild).
    """
    regions: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opening: int | None = None
        inner = 0
        last_close: int | None = None
        for i, char in _marks(paragraph):
            width = 2 if paragraph.startswith("''", i) else 1
            before = paragraph[i - 1] if i else " "
            after = paragraph[i + width] if i + width < len(paragraph) else " "
            if opening is None:
                if _opens_quote(char, i, before, after):
                    opening = i
            elif char == "“" or (char == '"' and after.isalnum() and not before.isalnum()):
                inner += 1  # an inner quotation opens
            elif char in _QUOTE_CLOSE:
                if inner:
                    inner -= 1
                    last_close = i + width
                    continue
                regions.append((offset + opening, offset + i + width))
                opening, inner, last_close = None, 0, None
        if opening is not None and last_close is not None:
            regions.append((offset + opening, offset + last_close))
        offset += len(paragraph) + 2
    return regions


def _inside(start: int, end: int, regions: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in regions)
    return covered / max(1, end - start)


def _in_regions(position: int, regions: list[tuple[int, int]]) -> bool:
    """Inside a quotation? Regions are sorted and disjoint (see :func:`quote_regions`)."""
    i = bisect_right(regions, (position, math.inf)) - 1
    return i >= 0 and position < regions[i][1]


def _opens_sentence(text: str, position: int) -> bool:
    """Nothing but spaces between ``position`` and the end of a sentence or paragraph."""
    i = position
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i == 0 or text[i - 1] in '.?!:\n"”'


# -- speakers ------------------------------------------------------------------------

#: A speaker found: the mention naming them, or the pronoun token standing for them.
Found = tuple[Mention | None, Any]

NOBODY: Found = (None, None)


def _found(found: Found) -> bool:
    return found[0] is not None or found[1] is not None


def _mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention holding ``[start, end)``; mentions are sorted and disjoint."""
    i = bisect_right(mentions, start, key=lambda m: m.start) - 1
    if i >= 0 and end <= mentions[i].end:
        return mentions[i]
    return None


#: A verb without a subject of its own shares its head's: "Cruz exhorted … and said",
#: "Clinton spoke out, arguing that …", "Trump appeared to suggest …", "Trump is sure".
_SHARED_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acomp", "oprd"})


def _subject_speaker(verb, mentions: list[Mention]) -> Found:
    """The mention naming the subject of ``verb``, or the pronoun token standing for it.

    Passive subjects do not count: in "Trump is said to …" others do the saying.
    """
    if _noun_tagged_verb(verb):
        subject = [c for c in verb.children if c.dep_ == "compound"][-1]
        return _subject_mention(subject, mentions), None
    if any(c.tag_ == "TO" for c in verb.children) and any(c.dep_ == "nsubj" for c in verb.children):
        return NOBODY  # "it is important for the U.S. to disclose …": not said, wanted
    climbed = False
    for _ in range(3):
        if any(c.dep_ in {"nsubj", "nsubjpass", "agent", "expl"} for c in verb.children):
            break
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.i:
            verb, climbed = verb.head.head, True  # "began by saying", "after saying …, she"
            continue
        if verb.dep_ not in _SHARED_SUBJECT or verb.head.i == verb.i:
            return None, None
        verb, climbed = verb.head, True
    for child in verb.children:
        head = child
        if child.dep_ == "nsubjpass" and climbed:
            pass  # "After saying …, she was whisked off": she said it
        elif child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects:
                continue
            head = objects[0]
        elif child.dep_ != "nsubj":
            continue
        if head.lower_ in _PRONOUNS or _role_description(head, mentions):
            return None, head
        if head.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
            head = verb.head  # "McConnell, who said …": the noun the clause describes
        found = _subject_mention(head, mentions)
        if found is not None:
            return found, None
    return None, None


#: Roles that "the …" uses like a pronoun for someone just named: "the Vermont senator
#: acknowledged", "the former first lady and U.S. senator said".
ROLE_NOUNS = frozenset(
    [
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "governor",
        "mayor",
        "candidate",
        "nominee",
        "lady",
        "secretary",
        "minister",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "businessman",
        "businesswoman",
        "billionaire",
        "developer",
        "chairman",
        "chairwoman",
        "justice",
        "judge",
        "general",
        "admiral",
    ]
)


def _role_description(head, mentions: list[Mention]) -> bool:
    """ "the Vermont senator": a definite role with no name of its own, whose place or
    party words ("Vermont", "U.S.") must not be taken for the speaker."""
    if head.tag_ != "NN" or head.lower_ not in ROLE_NOUNS:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    return not any(
        (m := _mention_at(mentions, t.idx, t.idx + len(t))) is not None and m.label == "PERSON"
        for t in head.subtree
    )


#: Links inside a subject's noun phrase that may lead to its name: "advisers to
#: Mr. Obama", "Apple's chief executive, Tim Cook"; not relative clauses or adjectives.
_NAME_LINKS = frozenset({"compound", "poss", "appos", "conj", "prep", "pobj", "nmod"})


def _subject_mention(head, mentions: list[Mention]) -> Mention | None:
    """The speaker named by the noun phrase headed by ``head``: its own name first
    ("advisers to Mr. Obama", "Apple's chief executive, Tim Cook"), then one in a clause
    attached to it ("a study published in The Lancet found"), the nearest first.
    A dateline ("LOS ANGELES, Sept. 28 (UPI) —") the parser took for a subject names
    nobody."""
    own = _mention_at(mentions, head.idx, head.idx + len(head))
    if own is not None and _dateline(head, own):
        return None
    phrase, todo = set(), [head]
    while todo:
        token = todo.pop()
        phrase.add(token.i)
        todo.extend(c for c in token.children if c.dep_ in _NAME_LINKS)
    tokens = sorted(head.subtree, key=lambda t: (t.i not in phrase, abs(t.i - head.i)))
    for token in tokens:
        if token.dep_ == "amod":
            continue  # "the Democratic senator"
        m = _mention_at(mentions, token.idx, token.idx + len(token))
        if m is None or _dateline(token, m):
            continue
        if m.label in (_SPEAKER_LABELS if token.i in phrase else {"PERSON", "ORG"}):
            return m
    return _proper_name(head, mentions)


def _dateline(token, mention: Mention) -> bool:
    """ "WASHINGTON -- President Obama said …": the place opening a paragraph."""
    doc = token.doc
    if mention.label != "GPE" or not token.is_upper:
        return False
    if mention.start > 0 and doc.text[mention.start - 1] != "\n":
        return False
    after = token.i + 1
    while after < len(doc) and doc[after].idx < mention.end:
        after += 1
    return after < len(doc) and doc[after].text in {"--", "—", "–", "-", ",", "("}


def _proper_name(head, mentions: list[Mention]) -> Mention | None:
    """A speaker the entity model missed: a proper-noun subject ("Stumpf said …").

    The name resolves to a person named in full elsewhere in the document when one
    contains it; otherwise it stands as written.
    """
    if not head.text[:1].isupper():
        return None
    if head.tag_ != "NNP":  # "Matthews said", tagged as a plural noun: known names only
        for m in mentions:
            if m.label in {"PERSON", "ORG"} and head.text in m.canonical.split():
                return Mention(head.idx, head.idx + len(head), head.text, m.label, m.canonical)
        return None
    words = [t for t in head.lefts if t.dep_ == "compound" and t.tag_ == "NNP"] + [head]
    start, end = words[0].idx, head.idx + len(head)
    name = " ".join(t.text for t in words)
    for m in mentions:
        if m.label == "PERSON" and set(name.split()) <= set(m.canonical.split()):
            return Mention(start, end, name, "PERSON", m.canonical)
    return Mention(start, end, name, "PERSON", name)


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _reporting_verbs(span, regions: list[tuple[int, int]] = ()) -> list:
    """Attribution verbs outside the quotation ``regions``, the main clause's first:
    in "Trump wants a wall, Pence said" Pence speaks, not Trump."""
    verbs = [
        t
        for t in span
        if reporting_verb(t) and not any(a <= t.idx < b for a, b in regions) and not _obliged(t)
    ]
    return sorted(verbs, key=lambda t: (_depth(t), t.i))


#: Heads that make an infinitive an obligation, not something done or said: "Japan needs
#: to persuade …" is the writer's judgement, not Japan speaking. ("Trump tried to convince"
#: stays: an attempt is his, and the benchmark counts it.)
_OBLIGATION_HEADS = frozenset({"need", "needs", "ought", "must", "should"})


def _obliged(verb) -> bool:
    """A reporting verb in an infinitive under "needs to", "ought to", "must", "should"."""
    token = verb
    while token.dep_ in ("xcomp", "advcl", "conj") and token.head is not token:
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in token.children):
            return True
        token = token.head
        if token.lower_ in _OBLIGATION_HEADS:
            return True
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)


def _according_to(span, mentions: list[Mention]) -> tuple[Mention | None, Any, bool]:
    """(mention, pronoun token, found) for "according to X" in ``span``."""
    for token in span:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.nbor().lower_ == "to"
        ):
            if token.i + 2 < len(token.doc):
                target = token.doc[token.i + 2]
                if target.lower_ in _PRONOUNS:
                    return None, target, True
                for t in token.doc[token.i + 2 : min(len(token.doc), token.i + 8)]:
                    m = _mention_at(mentions, t.idx, t.idx + len(t))
                    if m is not None and m.label in _SPEAKER_LABELS:
                        return m, None, True
                objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
                if objects:  # "according to Ham", a name the entity model missed
                    return _proper_name(objects[0], mentions), None, True
            return None, None, True
    return None, None, False


def _own_attribution(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Found:
    """The speaker a partly quoted sentence names itself, outside its quotation marks
    ("Clinton called them “deplorables.”"), which beats one carried over from earlier."""
    for verb in _reporting_verbs(sent, regions):
        found = _subject_speaker(verb, mentions)
        if _found(found) and not _quoted_subject(found, regions):
            return found
    return NOBODY


def _quoted_subject(found: Found, regions: list[tuple[int, int]]) -> bool:
    """The parser took a word inside a quotation as the reporting verb's subject
    (“If it doesn't …,” said James Acton: "it" is not the speaker)."""
    mention, pronoun = found
    position = mention.start if mention is not None else pronoun.idx
    return _in_regions(position, regions)


def _headline_speaker(sent, mentions: list[Mention]) -> Found:
    """ "Sanders Vows To Eliminate Tax Breaks": in a title-case headline the tagger reads
    every word as a name, so a reporting verb right after a name is taken as it is."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or sum(t.text[0].isupper() for t in words) < 0.8 * len(words):
        return NOBODY
    for token in words[1:]:
        if token.lower_.endswith("s") and token.lower_ in _REPORTING_FORMS:
            m = _subject_mention(token.doc[token.i - 1], mentions)
            known = m is not None and any(m.canonical == n.canonical for n in mentions)
            if known and m.label in {"PERSON", "ORG"}:
                return m, None
    return NOBODY


#: Words that may stand between a subject and its verb: "Trump has long pooh-poohed".
_BETWEEN_SUBJECT_AND_VERB = _BE_FORMS | frozenset(
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


def _name_then_verb(sent, mentions: list[Mention]) -> Found:
    """A person or organisation followed at once by an attribution verb ("Trump charges
    that …", "Trump has pooh-poohed …"), for when the tagger read the name as a common
    noun ("trump") and the parse lost the subject."""
    tokens = list(sent)
    for i, token in enumerate(tokens):
        m = _mention_at(mentions, token.idx, token.idx + len(token))
        if m is None and token.text[:1].isupper():
            m = _known_surname(token, mentions)  # the entity model missed "Trump" too
        if m is None or m.label not in {"PERSON", "ORG"} or token.idx + len(token) != m.end:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].lower_ in _BETWEEN_SUBJECT_AND_VERB:
            j += 1
        verb = tokens[j] if j < len(tokens) else None
        if verb is not None and verb.lower_ in _REPORTING_FORMS and verb.tag_ != "NN":
            return m, None
    return NOBODY


def _known_surname(token, mentions: list[Mention]) -> Mention | None:
    """``token`` as the surname of a person the document names in full."""
    for m in mentions:
        words = m.canonical.split()
        if m.label == "PERSON" and len(words) > 1 and words[-1] == token.text:
            return Mention(token.idx, token.idx + len(token), token.text, "PERSON", m.canonical)
    return None


def _possessed_statement(sent, regions: list[tuple[int, int]], mentions: list[Mention]) -> Found:
    """The owner of a statement noun outside quotes ("Trump's claim that …")."""
    for token in sent:
        if token.lower_ not in STATEMENT_NOUNS or not token.tag_.startswith("NN"):
            continue
        if _in_regions(token.idx, regions):
            continue
        for child in token.children:
            if child.dep_ != "poss":
                continue
            if child.lower_ in _POSSESSIVE_PRONOUNS:
                return None, child
            found = _subject_mention(child, mentions)
            if found is not None:
                return found, None
    return NOBODY


_TRANSCRIPT_LABEL = re.compile(r"[\"“]?\s*(?P<name>(?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z'’-]+):\s")

_NAME_LABEL = re.compile(
    r"[\"“]?\s*(?P<verb>(?:Said|Says|Added|Adds|Asked|Wrote)\s+)?"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})"
    r"(?:\s+(?:on|about)\s[^:.\"“”]{1,40})?:\s"
)


def _label_speaker(
    text: str, start: int, mentions: list[Mention], inverted_only: bool = False
) -> Mention | None:
    """The speaker named by a label opening the text at ``start``: a transcript's
    "PENCE: …" or "SECRETARY KERRY: …", a headline's "Sanders: …" or "Obama on Climate
    Change: …", an inverted "Said Ellis: …" (the only kind ``inverted_only`` looks for).
    The label must name someone the document mentions ("CLARIFICATION:" does not)."""
    head = text[start : start + 120]
    caps = None if inverted_only else _TRANSCRIPT_LABEL.match(head)
    label = _NAME_LABEL.match(head)
    if label is not None and inverted_only and not label.group("verb"):
        label = None
    if caps is None and label is None:
        return None
    name = (caps or label).group("name")
    position = start + (caps or label).start("name")
    at = next((m for m in mentions if m.start == position and m.end - m.start == len(name)), None)
    if at is not None and at.label in {"PERSON", "ORG"}:
        return at
    last = name.split()[-1].lower()
    known = (m for m in mentions if m.label == "PERSON" and m.canonical.split()[-1].lower() == last)
    found = next(known, None)
    if found is None and label is not None and label.group("verb"):
        return Mention(position, position + len(name), name, "PERSON", name)  # "Said Ellis:"
    return found


def _intro_speaker(sent, text: str, mentions: list[Mention]) -> Mention | None:
    """The speaker of a line such as "Foreign Office Minister Tobias Ellwood said:" that
    ends its paragraph and introduces the statement below it."""
    stripped = text[sent.start_char : sent.end_char].rstrip()
    colon_end = sent.start_char + len(stripped)
    if not stripped.endswith(":") or text[colon_end : colon_end + 1] not in ("", "\n"):
        return None
    for verb in _reporting_verbs(sent):
        found, _ = _subject_speaker(verb, mentions)
        if found is not None:
            return found
    return None


# -- pronouns ------------------------------------------------------------------------


class _Antecedents:
    """Whom a pronoun can stand for: people and groups named before it, outside quotes.

    "he"/"she" take a person named earlier in the same sentence ("Clinton said she …")
    or, from a leading subordinate clause, the main clause's subject ("Though she …,
    Clinton …"), else the last speaker, else the last person named. "they" takes the last
    group (organisation, nationality, or names joined by "and") that was a subject, "it"
    the last organisation or country.
    """

    def __init__(self, doc, regions: list[tuple[int, int]], mentions: list[Mention]) -> None:
        self.people = [
            m for m in mentions if m.label == "PERSON" and not _in_regions(m.start, regions)
        ]
        self.groups: list[tuple[int, Mention]] = []  # they
        self.bodies: list[tuple[int, Mention]] = []  # it
        nsubj = doc.vocab.strings["nsubj"]
        for i, dep in enumerate(doc.to_array("DEP").tolist()):
            if dep != nsubj:
                continue  # only subjects; reading each token's attributes costs more
            token = doc[i]
            if _in_regions(token.idx, regions):
                continue
            m = _mention_at(mentions, token.idx, token.idx + len(token))
            if m is None:
                continue
            if any(c.dep_ == "conj" for c in token.children) or m.label in {"ORG", "NORP"}:
                self.groups.append((token.idx, m))
            if m.label in {"ORG", "GPE"} and token.tag_ != "NNPS":
                self.bodies.append((token.idx, m))

    def resolve(self, pronoun, sent_start: int, last_speaker: Mention | None) -> Mention | None:
        position = pronoun.idx
        word = {"their": "they", "its": "it"}.get(pronoun.lower_, pronoun.lower_)
        if word in _PLURAL or word == "it":
            # Only a group named in this paragraph or the one before: further back, "they"
            # is more likely someone else (two people met; "They discussed …").
            named = self.groups if word in _PLURAL else self.bodies
            text = pronoun.doc.text
            here = text.rfind("\n\n", 0, position)
            earliest = text.rfind("\n\n", 0, here) if here > 0 else -1
            return next((m for pos, m in reversed(named) if earliest < pos < position), None)
        before = [m for m in self.people if m.end <= position]
        if before and before[-1].start >= sent_start:
            return before[-1]
        ahead = _main_subject_after(pronoun, mentions=self.people)
        if ahead is not None:
            return ahead
        if last_speaker is not None and last_speaker.start < position:
            return last_speaker
        return before[-1] if before else None


def _main_subject_after(pronoun, mentions: list[Mention]) -> Mention | None:
    """The person a pronoun in a leading subordinate clause points ahead to: "Though
    she called it outrageous, Clinton restricted her comments …"."""
    if pronoun.head.dep_ != "advcl":
        return None
    root = pronoun.sent.root
    for child in root.children:
        if child.dep_ == "nsubj" and child.i > pronoun.i:
            m = _subject_mention(child, mentions)
            return m if m is not None and m.label == "PERSON" else None
    return None


# -- who speaks in each quotation ----------------------------------------------------


@dataclass(slots=True)
class _QuoteSpeaker:
    mention: Mention | None = None
    pronoun: Any = None  # the pronoun token ("…," he said), resolved per claim

    @property
    def found(self) -> Found:
        return self.mention, self.pronoun


_DASH_SIGNATURE = re.compile(r"\s*(?:―|—|–|--)\s*")


def _quote_speaker(
    doc, text: str, region: tuple[int, int], mentions: list[Mention]
) -> _QuoteSpeaker:
    """Who is quoted in ``region``: the clause after the quote, else the one before it.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    start, end = region
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end == -1 else para_end
    signed = _DASH_SIGNATURE.match(text, end, para_end)
    if signed:  # “…” ― Sonya Herridge
        m = next((m for m in mentions if m.start == signed.end()), None)
        if m is not None and m.label == "PERSON":
            return _QuoteSpeaker(m)
    after = doc.char_span(end, min(para_end, end + 120), alignment_mode="expand")
    if after is not None:
        clause_end = min(
            (t.idx for t in after if t.text in _MARK_TOKENS and t.idx > end), default=None
        )
        tokens = [t for t in after if clause_end is None or t.idx < clause_end]
        verbs = [t for t in tokens if reporting_verb(t)]
        if verbs:
            found, pronoun = _subject_speaker(verbs[0], mentions)
            if _found((found, pronoun)) and not _quoted_subject((found, pronoun), [region]):
                return _QuoteSpeaker(found, pronoun)
            for t in tokens:  # "…," said Professor Sato (subject after the verb)
                if t.idx > verbs[0].idx + 40:
                    break
                m = _mention_at(mentions, t.idx, t.idx + len(t))
                if m is not None and m.label in _SPEAKER_LABELS:
                    return _QuoteSpeaker(m)
    intro = text[para_start:start]
    if re.search(r"[:,]\s*$", intro) or re.search(r"\b(that|saying|says|said)\s*$", intro):
        span = doc.char_span(para_start, start, alignment_mode="expand")
        if span is not None:
            verbs = [t for t in span if reporting_verb(t)]
            if not verbs and intro.rstrip().endswith(":"):  # "Limbaugh continued: “…”"
                verbs = [t for t in span if t.tag_.startswith("VB")][-1:]
            if verbs:
                verb = verbs[-1]
                found, pronoun = _subject_speaker(verb, mentions)
                if _found((found, pronoun)):
                    return _QuoteSpeaker(found, pronoun)
                candidates = []
                for m in mentions:
                    if para_start <= m.start < verb.idx and m.label in _SPEAKER_LABELS:
                        depth = text.count("(", para_start, m.start) - text.count(
                            ")", para_start, m.start
                        )
                        if depth == 0:
                            candidates.append(m)
                person = [m for m in candidates if m.label == "PERSON"]
                if person or candidates:
                    return _QuoteSpeaker((person or candidates)[-1])
    return _QuoteSpeaker()


def _region_speakers(
    doc, text: str, regions: list[tuple[int, int]], mentions: list[Mention]
) -> dict[tuple[int, int], _QuoteSpeaker]:
    """Who speaks in each quotation; an unattributed quotation takes the speaker of the
    next one in its paragraph (“…” “…,” she said.), else continues the previous one when
    it follows it in the same or the next paragraph."""
    own = [_quote_speaker(doc, text, region, mentions) for region in regions]
    speakers: dict[tuple[int, int], _QuoteSpeaker] = {}
    previous: tuple[tuple[int, int], _QuoteSpeaker] | None = None
    for i, region in enumerate(regions):
        found = own[i]
        if not _found(found.found) and _opens_sentence(text, region[0]):
            found = _next_in_paragraph(text, regions, own, i) or found
        if not _found(found.found) and previous is not None:
            (_prev_start, prev_end), prev_found = previous
            between = text[prev_end : region[0]]
            if between.count("\n\n") <= 1 and len(between) < 400:
                found = prev_found
        speakers[region] = found
        if _found(found.found):
            previous = (region, found)
    return speakers


def _next_in_paragraph(
    text: str, regions: list[tuple[int, int]], own: list[_QuoteSpeaker], i: int
) -> _QuoteSpeaker | None:
    """The first attributed quotation after ``regions[i]`` in the same paragraph."""
    for j in range(i + 1, len(regions)):
        if "\n\n" in text[regions[i][1] : regions[j][0]]:
            return None
        if _found(own[j].found):
            return own[j]
    return None


# -- kinds ---------------------------------------------------------------------------


def _editorial_kind(sent) -> str:
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
    if root.lower_ in _BE_FORMS:
        return "assessment"
    if root.tag_ in {"VBZ", "VBP"}:
        return "event"
    return "assessment"


def _is_claim_sentence(sent) -> bool:
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < _MIN_TOKENS or sent.text.rstrip().endswith("?"):
        return False
    if not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in sent):
        return False
    first = sent.text.lstrip().lower()
    return not first.startswith(("source:", "(from ", "from the ", "copyright"))


# -- importance ----------------------------------------------------------------------


def _centrality(sentences: list[list[str]]) -> list[float]:
    """Mean cosine similarity of each sentence's content lemmas to the others (tf-idf)."""
    n = len(sentences)
    if n < 2:
        return [1.0] * n
    df = Counter(word for words in sentences for word in set(words))
    vectors = []
    for words in sentences:
        counts = Counter(words)
        vec = {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    scores = []
    for i, vec in enumerate(vectors):
        total = sum(
            sum(v * other.get(w, 0.0) for w, v in vec.items())
            for j, other in enumerate(vectors)
            if j != i
        )
        scores.append(total / (n - 1))
    top = max(scores) or 1.0
    return [s / top for s in scores]


def _score(claims: list[Claim], sents: list, mentions: list[Mention], text_length: int) -> None:
    content = [[t.lower_ for t in sent if t.is_alpha and not t.is_stop] for sent in sents]
    centrality = _centrality(content)
    starts = [m.start for m in mentions]  # sorted by extract_claims
    for claim, sent, central in zip(claims, sents, centrality, strict=True):
        words = max(1, sum(1 for t in sent if t.is_alpha))
        inside = mentions[bisect_left(starts, claim.start) : bisect_left(starts, claim.end)]
        named = sum(1 for m in inside if m.label != "DATE")
        features = {
            "attributed": 1.0 if claim.attributed else 0.0,
            "kind": _KIND_VALUE[claim.kind],
            "entities": min(1.0, named / words * 5),
            "numbers": 1.0 if any(t.like_num for t in sent) else 0.0,
            "position": 1.0 - claim.start / max(1, text_length),
            "centrality": round(central, 4),
        }
        claim.features = {k: round(v, 4) for k, v in features.items()}
        claim.score = sum(WEIGHTS[k] * v for k, v in features.items())


# -- the extractor -------------------------------------------------------------------

_FIRST_PERSON = re.compile(r"\b(I|we|We|my|My|our|Our|us)\b")


def extract_claims(doc, mentions: list[Mention], source: str | None = None) -> list[Claim]:
    """The claims of an analysed document (``doc`` must have a dependency parse)."""
    text = doc.text  # built once: spaCy rebuilds it on every access
    mentions = sorted(mentions, key=lambda m: m.start)  # lookups bisect on starts
    regions = quote_regions(text)
    region_speakers = _region_speakers(doc, text, regions, mentions)
    antecedents = _Antecedents(doc, regions, mentions)

    claims: list[Claim] = []
    claim_sents = []
    last_speaker: Mention | None = None
    statement_by: Mention | None = None  # set by "X said:" lines, for the paragraphs below
    statement_paragraph = -1
    label_by: Mention | None = None  # "PENCE: …" speaks for the rest of the paragraph
    paragraph = -1
    for sent in doc.sents:
        previous_paragraph = paragraph
        paragraph = text.count("\n\n", 0, sent.start_char)
        if paragraph != previous_paragraph:
            label_by = _label_speaker(text, sent.start_char, mentions)
        said_by = _label_speaker(text, sent.start_char, mentions, inverted_only=True)
        if statement_by is not None and paragraph > statement_paragraph:
            if paragraph > statement_paragraph + 1 and not _FIRST_PERSON.search(sent.text):
                statement_by = None
            else:
                statement_paragraph = paragraph
        intro = _intro_speaker(sent, text, mentions)
        if intro is not None:
            statement_by, statement_paragraph = intro, paragraph
            last_speaker = intro if intro.label == "PERSON" else last_speaker
            continue  # "X said:" is no claim by itself; what follows is X's
        if not _is_claim_sentence(sent):
            continue
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        claim = Claim(start, end, text[start:end], kind="event")
        speaker, pronoun = _speaker_of(sent, start, end, regions, region_speakers, mentions, claim)
        if pronoun is not None and speaker is None:
            speaker = antecedents.resolve(pronoun, start, last_speaker)
        if label_by is not None or said_by is not None:
            speaker, claim.kind = said_by or label_by, "quote"
        if speaker is None and statement_by is not None and paragraph > 0:
            speaker = statement_by
            if claim.kind not in {"quote", "reported"}:
                claim.kind = "quote"
        if speaker is not None:
            claim.speaker, claim.speaker_label, claim.attributed = (
                speaker.canonical,
                speaker.label,
                True,
            )
            if speaker.label == "PERSON":
                last_speaker = speaker
        elif claim.kind not in {"quote", "reported"} and source:
            claim.speaker, claim.speaker_label = source, "ORG"
        claim.hedges = _hedges(sent, start, text)
        claims.append(claim)
        claim_sents.append(sent)
    _score(claims, claim_sents, mentions, len(text))
    return claims


def _speaker_of(
    sent,
    start: int,
    end: int,
    regions: list[tuple[int, int]],
    region_speakers: dict[tuple[int, int], _QuoteSpeaker],
    mentions: list[Mention],
    claim: Claim,
) -> Found:
    """Set the claim's kind; return its speaker (or the pronoun standing for them)."""
    in_quote = _inside(start, end, regions)
    quoted = [region_speakers[r] for r in regions if r[0] < end and start < r[1]]
    known = next((q for q in quoted if _found(q.found)), None)
    if in_quote >= QUOTE_SHARE or (known is not None and in_quote >= 0.15):
        claim.kind = "quote"
        own = _own_attribution(sent, regions, mentions) if in_quote < 1 else NOBODY
        if _found(own):
            return own
        if known is not None:
            return known.found
    found, pronoun, according = _according_to(sent, mentions)
    if according:
        claim.kind = "reported" if claim.kind != "quote" else claim.kind
        return found, pronoun
    for verb in _reporting_verbs(sent):
        found = _subject_speaker(verb, mentions)
        if _found(found):
            if claim.kind != "quote":
                claim.kind = "reported"
            return found
    found = _headline_speaker(sent, mentions)
    if not _found(found):
        found = _name_then_verb(sent, mentions)
    if not _found(found) and not _HEDGE_RE.search(sent.text):
        found = _possessed_statement(sent, regions, mentions)  # hedged: the writer's guess
    if _found(found):
        if claim.kind != "quote":
            claim.kind = "reported"
        return found
    if claim.kind != "quote":
        claim.kind = _editorial_kind(sent)
    return NOBODY


def _hedges(sent, start: int, text: str) -> list[str]:
    """Hedge cues in the sentence; "may", "might", "could" only as modal verbs."""
    modal_positions = {t.idx for t in sent if t.tag_ == "MD"}
    found: list[str] = []
    for m in _HEDGE_RE.finditer(text, start, sent.end_char):
        cue = m.group(1).lower()
        if cue in _MODAL_CUES and m.start() not in modal_positions:
            continue  # "military might"
        if cue not in found:
            found.append(cue)
    return found
