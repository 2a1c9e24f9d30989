"""The speaker a verb's subject names: a mention, a proper noun, or a pronoun to resolve."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from briefing_reader.core.analysis.claims.quotes import in_regions
from briefing_reader.core.analysis.claims.verbs import noun_tagged_verb
from briefing_reader.core.analysis.entities import Mention

#: Subject pronouns that stand for a speaker named elsewhere.
PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "it"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

#: A speaker found: the mention naming them, or the pronoun token standing for them.
Found = tuple[Mention | None, Any]

NOBODY: Found = (None, None)


def is_found(found: Found) -> bool:
    return found[0] is not None or found[1] is not None


def mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention holding ``[start, end)``; mentions are sorted and disjoint."""
    i = bisect_right(mentions, start, key=lambda m: m.start) - 1
    if i >= 0 and end <= mentions[i].end:
        return mentions[i]
    return None


#: A verb without a subject of its own shares its head's: "Cruz exhorted … and said",
#: "Clinton spoke out, arguing that …", "Trump appeared to suggest …", "Trump is sure".
_SHARED_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acomp", "oprd"})


def subject_speaker(verb, mentions: list[Mention]) -> Found:
    """The mention naming the subject of ``verb``, or the pronoun token standing for it.

    Passive subjects do not count: in "Trump is said to …" others do the saying.
    """
    if noun_tagged_verb(verb):
        subject = [c for c in verb.children if c.dep_ == "compound"][-1]
        return subject_mention(subject, mentions), None
    if any(c.tag_ == "TO" for c in verb.children) and any(c.dep_ == "nsubj" for c in verb.children):
        return NOBODY  # "it is important for the U.S. to disclose …": not said, wanted
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return _participle_subject(verb, mentions)
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.tag_ in {"NNP", "PRP"}:
        # "which Apple's chief executive, Tim Cook, called “…”": a finite verb is no
        # reduced relative, so the name it hangs on is its subject
        return named_by(verb.head, mentions)
    if verb.dep_ == "auxpass":  # "Many Mexicans felt betrayed": the parser's passive
        verb = verb.head
        felt = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return NOBODY if felt is None else named_by(felt, mentions)
    if verb.dep_ == "conj" and not any(c.dep_ == "cc" for c in verb.head.children):
        # "Trump has been targeting Machado since Clinton, at the debate, cited …": no
        # "and" joins the verbs, so the parser lost the subject, read as an object
        lost = _lost_subject(verb)
        return NOBODY if lost is None else named_by(lost, mentions)
    climbed = False
    for _ in range(3):
        if any(c.dep_ in {"nsubj", "nsubjpass", "agent", "expl"} for c in verb.children):
            break
        if (
            verb.dep_ == "pcomp"
            and (verb.head.dep_ == "prep" or (verb.head.dep_ == "conj" and verb.head.tag_ == "IN"))
            and verb.head.lower_ != "to"
            and verb.head.head.i != verb.i
        ):
            # "began by saying", "after saying …, she", "appeared … and for saying";
            # not "limited to defending …"
            verb, climbed = verb.head.head, True
            continue
        if verb.dep_ not in _SHARED_SUBJECT or verb.head.i == verb.i:
            return None, None
        controller = _object_controller(verb)
        if controller is not None:  # "Warren forced Stumpf to admit …": Stumpf admits
            if controller.lower_ in PRONOUNS:
                return None, controller
            return subject_mention(controller, mentions), None
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
        if head.lower_ in PRONOUNS or _role_description(head, mentions):
            return None, head
        if head.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
            head = verb.head  # "McConnell, who said …": the noun the clause describes
        found = subject_mention(head, mentions)
        if found is not None:
            return found, None
    return None, None


#: Conjunctions the parser may read as prepositions: "since Clinton … cited".
_SUBORDINATORS = frozenset({"since", "after", "before", "because", "until", "while"})


def _lost_subject(verb) -> Any:
    """The name after a conjunction the parser read as a preposition, between a verb
    and the conjunct it wrongly joined to it."""
    for token in verb.doc[verb.head.i + 1 : verb.i]:
        if token.dep_ == "pobj" and token.head.lower_ in _SUBORDINATORS:
            return token
    return None


def named_by(head, mentions: list[Mention]) -> Found:
    """The speaker a subject noun phrase names, or the pronoun standing for them."""
    if head.lower_ in PRONOUNS:
        return None, head
    return subject_mention(head, mentions), None


#: Nouns that show someone: "footage of Trump saying …" (unlike "supporters of the bill").
_RECORDINGS = frozenset(
    {"footage", "video", "videos", "clip", "clips", "tape", "tapes", "recording", "audio"}
)


def _participle_subject(verb, mentions: list[Mention]) -> Found:
    """Who speaks in "footage of Trump saying …", "a letter from Comey saying …": the
    person shown ("of"), else the noun the participle describes."""
    noun = verb.head
    shown = (
        [
            o
            for p in noun.children
            if p.dep_ == "prep" and p.lower_ == "of" and p.i < verb.i
            for o in p.children
            if o.dep_ == "pobj"
        ]
        if noun.lower_ in _RECORDINGS
        else []
    )
    return named_by(shown[0] if shown else noun, mentions)


def _object_controller(verb) -> Any:
    """The object that does what an infinitive says: "forced Stumpf to admit", "asked
    him to explain" (not "promised voters to …", where the subject does it)."""
    if verb.dep_ != "xcomp" or not any(c.tag_ == "TO" for c in verb.children):
        return None
    if verb.head.lower_ in _SUBJECT_CONTROL:
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return (
        objects[0] if objects and objects[0].tag_ in {"NNP", "NNPS", "NN", "NNS", "PRP"} else None
    )


#: Verbs whose own subject does what the infinitive after their object says.
_SUBJECT_CONTROL = frozenset({"promise", "promised", "promises", "promising", "vow", "vowed"})


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
        (m := mention_at(mentions, t.idx, t.idx + len(t))) is not None and m.label == "PERSON"
        for t in head.subtree
    )


#: Links inside a subject's noun phrase that may lead to its name: "advisers to
#: Mr. Obama", "Apple's chief executive, Tim Cook"; not relative clauses or adjectives.
_NAME_LINKS = frozenset({"compound", "poss", "appos", "conj", "prep", "pobj", "nmod"})


def subject_mention(head, mentions: list[Mention]) -> Mention | None:
    """The speaker named by the noun phrase headed by ``head``: its own name first
    ("advisers to Mr. Obama", "Apple's chief executive, Tim Cook"), then one in a clause
    attached to it ("a study published in The Lancet found"), the nearest first.
    A dateline ("LOS ANGELES, Sept. 28 (UPI) —") the parser took for a subject names
    nobody."""
    own = mention_at(mentions, head.idx, head.idx + len(head))
    # After a dateline the parser took for the subject, only a person in apposition
    # speaks ("WASHINGTON -- President Obama, …, said"), not the wire ("(UPI)").
    dateline = own is not None and _dateline(head, own)
    phrase, todo = set(), [head]
    while todo:
        token = todo.pop()
        phrase.add(token.i)
        todo.extend(c for c in token.children if c.dep_ in _NAME_LINKS)
    # a person in apposition is who the phrase names: "His former business partner at
    # Lenox, Lawrence B. Cummings," is Cummings (whichever noun the parser hung him on)
    named = {
        t.i
        for c in head.subtree
        if c.dep_ == "appos" and c.head.i in phrase
        for t in c.subtree
        if (m := mention_at(mentions, t.idx, t.idx + len(t))) is not None and m.label == "PERSON"
    }
    tokens = sorted(
        head.subtree, key=lambda t: (t.i not in phrase, t.i not in named, abs(t.i - head.i))
    )
    for token in tokens:
        if token.dep_ == "amod":
            continue  # "the Democratic senator"
        m = mention_at(mentions, token.idx, token.idx + len(token))
        if m is None or _dateline(token, m):
            continue
        if dateline and (m.label != "PERSON" or token.i not in phrase):
            continue
        if m.label in (SPEAKER_LABELS if token.i in phrase else {"PERSON", "ORG"}):
            return m
    return None if dateline else proper_name(head, mentions)


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


#: One word with capitals inside it ("RealClearPolitics", "FiveThirtyEight"): a brand's
#: name whatever the tagger makes of it.
_CAMEL_CASE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")


def proper_name(head, mentions: list[Mention]) -> Mention | None:
    """A speaker the entity model missed: a proper-noun subject ("Stumpf said …").

    The name resolves to a person named in full elsewhere in the document when one
    contains it; otherwise it stands as written.
    """
    if not head.text[:1].isupper():
        return None
    if _CAMEL_CASE.fullmatch(head.text):  # "RealClearPolitics showing …", tagged a noun
        return Mention(head.idx, head.idx + len(head), head.text, "ORG", head.text)
    if head.tag_ != "NNP":  # "Matthews said", tagged as a plural noun: known names only
        return known_name(head, mentions)
    words = [t for t in head.lefts if t.dep_ == "compound" and t.tag_ == "NNP"] + [head]
    start, end = words[0].idx, head.idx + len(head)
    name = " ".join(t.text for t in words)
    for m in mentions:
        if m.label == "PERSON" and set(name.split()) <= set(m.canonical.split()):
            return Mention(start, end, name, "PERSON", m.canonical)
    return Mention(start, end, name, "PERSON", name)


def known_name(token, mentions: list[Mention]) -> Mention | None:
    """``token`` as a word of a person or organisation the document names, for names
    the entity model missed where the tagger read them as common nouns."""
    for m in mentions:
        if m.label in {"PERSON", "ORG"} and token.text in m.canonical.split():
            return Mention(token.idx, token.idx + len(token), token.text, m.label, m.canonical)
    return None


def quoted_subject(found: Found, regions: list[tuple[int, int]]) -> bool:
    """The parser took a word inside a quotation as the reporting verb's subject
    (“If it doesn't …,” said James Acton: "it" is not the speaker)."""
    mention, pronoun = found
    position = mention.start if mention is not None else pronoun.idx
    return in_regions(position, regions)
