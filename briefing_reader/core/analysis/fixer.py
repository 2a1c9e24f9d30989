"""Post-NER clean-up: trim spans, relabel from the gazetteer, drop what is not an entity."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from briefing_reader.core.analysis import gazetteer as gz
from briefing_reader.core.analysis import lexicon as lex
from briefing_reader.core.analysis import name_lists
from briefing_reader.core.analysis import organisations as orgs
from briefing_reader.core.analysis.boilerplate import boilerplate_spans, overlaps
from briefing_reader.core.analysis.entities import (
    COMPASS_WORDS,
    LOCATIVE_WORDS,
    ORG_WORDS,
    PROPER_TAGS,
    WHEN_WORDS,
    title_case_line,
)
from briefing_reader.core.analysis.labels import SPACY_LABELS
from briefing_reader.core.analysis.propagation import spread_names
from briefing_reader.core.analysis.unnamed import (
    RULED_BY,
    places_unnamed,
    regions_unnamed,
    ruler_unnamed,
)

_LEADING_DROP = frozenset(
    {
        "the",
        "The",
        "a",
        "an",
        "An",
        "A",
        "this",
        "This",
        "his",
        "her",
        "their",
        "its",
        "His",
        "Her",
        "Their",
        "Its",
    }
)
#: "s" is a possessive whose apostrophe was lost ("Trump s campaign").
_TRAILING_DROP = frozenset({"'s", "’s", "'", "’", ".", ",", ":", ";", "-", "–", "—", "s"})
_RULE_LABELS = frozenset({"TITLE", "EQUIPMENT"})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "it", "we", "i", "you"})


def _within_paragraph(span: Span) -> tuple[int, int]:
    """The span's tokens up to its first line break: no mention runs over a paragraph
    ("Trump\n\n" or a headline run into the first line); a span that starts with
    the break keeps what follows it."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    for i in range(start, end):
        if doc[i].is_space and "\n" in doc[i].text:
            return start, i
    return start, end


def _before_when(span: Span, start: int, end: int) -> int:
    """A name never runs on into when something happened ("Reuters on Friday" ends before
    "on", a lower-case preposition followed by a day or month), nor past a possessive."""
    doc = span.doc
    for i in range(start + 1, end - 1):
        if doc[i].tag_ == "IN" and doc[i].is_lower and doc[i + 1].text in WHEN_WORDS:
            return i
        if doc[i].text == "s" and doc[i - 1].is_title:
            return i  # "Trump s campaign": a possessive that lost its apostrophe
    return end


def _trim(span: Span) -> Span | None:
    start, end = _within_paragraph(span)
    doc = span.doc
    end = _before_when(span, start, end)
    label = span.label_
    locative = start < end - 1 and _locative_word(doc[start], label)
    if locative and label in {"PERSON", "NORP"}:
        label = "GPE"  # "Near Ar Raqqah, 15 strikes …": a place the preposition ran into
    while start < end and (
        doc[start].text in _LEADING_DROP
        or (span.label_ == "PERSON" and doc[start].text in gz.HONORIFICS)
        or doc[start].is_punct
        or (locative and doc[start].lower_ in LOCATIVE_WORDS)  # "Near Ar Raqqah"
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in _TRAILING_DROP or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        if doc[end - 1].text == "." and end - start == 1:
            break
        if doc[end - 1].text == "." and doc[end - 1].idx == doc[end - 2].idx + len(doc[end - 2]):
            break  # "U.S." style abbreviations keep their dot
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=label)


def _locative_word(token, label: str) -> bool:
    """A preposition of place the model ran into a name: tagged as one, or, opening a
    sentence with a capital ("Near Palmyra, one strike …"), read as part of a person's
    or nationality's name (never of a place's own name: "Near East" keeps "Near")."""
    if token.lower_ not in LOCATIVE_WORDS:
        return False
    return token.tag_ == "IN" or (label in {"PERSON", "NORP"} and token.is_title)


def _organisation_by_form(span: Span) -> bool:
    """A "person" that is an organisation by its form or what introduces it: a club's
    last word ("Manchester United"), or a kind of organisation just before it ("oil giant
    Yukos", "the website Politico")."""
    if len(span) > 1 and span[-1].text in orgs.CLUB_WORDS:
        return True
    return span.start > 0 and span.doc[span.start - 1].lower_ in orgs.ORG_KIND_NOUNS


def _ruled_by(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in RULED_BY


def _label_for(span: Span) -> str | None:
    text = span.text
    g = gz.gazetteer()
    if span.label_ in _RULE_LABELS:
        return span.label_
    if span.label_ == "PERSON" and _organisation_by_form(span):
        return "ORG"
    if (
        span.label_ in {"ORG", "NORP", "GPE"}
        and len(span) == 1
        and _ruled_by(span)
        and text not in g.demonyms
        and text not in g.countries
    ):
        return "PERSON"  # "the Asad regime", not "the Syrian regime"
    if (
        span.label_ in {"ORG", "GPE", "NORP"}
        and span.start > 0
        and span.doc[span.start - 1].text in gz.HONORIFICS
    ):
        return "PERSON"  # "Mr Ellwood": an honorific names a person
    if text in g.countries or text in g.capitals:
        return "GPE"
    if text in g.demonyms:
        return "NORP"
    if text in name_lists.EQUIPMENT_NAMES:
        return "EQUIPMENT"
    if (
        span.label_ in {"ORG", "PERSON"}
        and len(span) > 1
        and span[-1].text in name_lists.FACILITY_HEADS
    ):
        return "LOC"
    return SPACY_LABELS.get(span.label_, span.label_ if span.label_ in {"LAW", "ORG"} else None)


def _is_place_by_context(span: Span) -> bool:
    """A one-word PERSON/NORP right after a locative preposition is a place.

    The small model calls unfamiliar towns people or nationalities; people almost
    never follow "near" or "in".
    """
    if len(span) != 1 or span.label_ not in {"PERSON", "NORP"} or span.start == 0:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    if before.lower_ in LOCATIVE_WORDS:
        return True
    if before.text in COMPASS_WORDS:  # "eastern Aleppo", not "eastern Christians"
        return span.text not in gz.gazetteer().demonyms and not span.text.endswith("s")
    # "Raqqah, Syria": a name followed by a comma and a country
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        return gz.canonical_country(doc[span.end + 1].text) is not None
    return False


def _shouted_not_named(span: Span, text: str) -> bool:
    """A "person" in capitals that the document never writes as a name ("MAGA", a slogan):
    shouting in a headline ("TRUMP") is a name only when the text also says "Trump"."""
    word = span.text
    if span.label_ != "PERSON" or len(span) != 1 or len(word) < 3:
        return False
    return word.isalpha() and word.isupper() and word.capitalize() not in text


_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


def _is_noise(span: Span) -> bool:
    text = span.text
    if text in name_lists.NOT_ALONE or text.lower() in _PRONOUNS:
        return True
    if (
        span.label_ == "PERSON"
        and len(span) == 1
        and span.start > 0
        and span.doc[span.start - 1].lower_ in _DETERMINERS
    ):
        return True  # "the Bill" (a law), "a Trump": a name takes no article
    if not text[:1].isupper() and span.label_ not in {"DATE", "MONEY", "EQUIPMENT"}:
        return True
    if span.label_ == "PERSON" and any(t.is_digit for t in span):
        return True  # "Passcode 3080897": no one's name holds a number
    first = span[0]
    if len(span) == 1 and first.is_sent_start and first.tag_ not in PROPER_TAGS:
        g = gz.gazetteer()
        if text not in g.countries and text not in g.demonyms and span.label_ not in _RULE_LABELS:
            return True  # a capitalised sentence opener, not a name
    return False


#: Tags for words that describe or act rather than name (the tagger's call when not NNP).
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBG", "VBN", "VBD"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_INITIAL = re.compile(r"[A-Z]\.?")


def _words(span: Span) -> frozenset[str]:
    return frozenset(t.text for t in span if not t.is_punct and not t.is_space)


def _opens_sentence(span: Span) -> bool:
    """The span starts its sentence, after nothing but quotes or brackets."""
    if span[0].is_sent_start:
        return True
    if not span.doc.has_annotation("SENT_START"):
        return False
    return all(t.is_punct or t.is_space for t in span.doc[span.sent.start : span.start])


class _Evidence:
    """What the document says about the words next to its person names."""

    def __init__(self, doc: Doc, people: list[Span]) -> None:
        self.doc = doc
        self._text: str | None = None  # Doc.text joins every token: read it once, if needed
        self.people = [(span.text, _words(span)) for span in people]
        self._lines: dict[int, bool] = {}

    def known_name(self, rest: Span, dropped: set[str], form: str) -> bool:
        """Another person mention holds the words of ``rest`` and none of ``dropped``."""
        need = _words(rest)
        return any(
            text != form and need <= words and not dropped & words for text, words in self.people
        )

    def in_other_name(self, word: str, form: frozenset[str]) -> bool:
        """``word`` belongs to another person's name here ("Bush" of "George W. Bush")."""
        return any(word in words and not form <= words for _, words in self.people)

    def title_line(self, token) -> bool:
        if self._text is None:
            self._text = self.doc.text
        return title_case_line(self._text, token.idx, self._lines)


def _leading_junk(word: str, at: list[tuple[Span, int]], known: _Evidence) -> bool:
    """The word before a name is an epithet or verb ("Crooked", "Derelict", "Injecting").

    ``at`` holds every occurrence of the name with the word's index in it. Each must
    show that the capital comes from the position: the tagger reads the word as a
    modifier, the line is a title-case headline, it opens the sentence, or a full
    name follows it. Adjectives and participles qualify; nouns and verbs that are
    also first names ("Bill", "Will", "Rip") only in a headline before a full name.
    """
    participle = lex.is_participle(word)
    ordinary = participle or lex.is_adjective(word)
    if not (ordinary or lex.is_noun(word) or lex.is_verb(word)):
        return False

    def shown(span: Span, i: int) -> bool:
        rest = span[i + 1 :].text.split()
        full_name = len(rest) > 1 and not _INITIAL.fullmatch(rest[0])  # not "W. Bush"
        token = span[i]
        if known.title_line(token):
            return ordinary or full_name
        if not ordinary:
            return False
        if token.tag_ in _MODIFIER_TAGS or full_name:
            return True
        # opening a sentence, only a participle: "Frank Miller resigned" keeps "Frank"
        return participle and i == 0 and _opens_sentence(span)

    return all(shown(span, i) for span, i in at)


def _trailing_junk(word: str, at: list[tuple[Span, int]], known: _Evidence) -> bool:
    """The word after a name is a headline verb or noun ("Obama Says", "Obama Speech"):
    the tagger reads it as a verb, or every occurrence is in a title-case line.
    Words that end organisations' names ("Thanh Nien Newspaper") stay."""
    if word in ORG_WORDS or word in name_lists.ORG_HEADS:
        return False
    verb = lex.is_inflected_verb(word)
    if not (verb or lex.is_noun(word) or lex.is_adjective(word)):
        return False
    return all((verb and span[i].tag_ in _VERB_TAGS) or known.title_line(span[i]) for span, i in at)


def _trim_name_words(spans: list[Span]) -> list[Span]:
    """Drop ordinary words the model ran into a person's name.

    "Crooked Hillary Clinton" → "Hillary Clinton", "Derelict Obama" → "Obama",
    "Obama Says" → "Obama". A word goes only when what remains is a name the
    document also uses without it, the word is in no other name there, it is an
    ordinary English word (adjective, participle, verb or noun, by the lemmatizer's
    word lists) and each occurrence shows that its capital is not a name's.
    """
    people = [s for s in spans if s.label_ == "PERSON"]
    if not any(len(s) > 1 for s in people):
        return spans
    known = _Evidence(people[0].doc, people)
    forms: dict[str, list[Span]] = {}
    for span in people:
        if len(span) > 1:
            forms.setdefault(span.text, []).append(span)
    cuts: dict[str, tuple[int, int]] = {}
    for form, occurrences in forms.items():
        first = occurrences[0]
        tokens = [t.text for t in first]
        if any([t.text for t in o] != tokens for o in occurrences):
            continue
        words = _words(first)
        lead = trail = 0
        for k in range(1, len(tokens)):  # drop tokens[:k]
            word = tokens[k - 1]
            if not word.isalpha() or known.in_other_name(word, words):
                break
            if not _leading_junk(word, [(o, k - 1) for o in occurrences], known):
                break
            if known.known_name(first[k:], set(tokens[:k]), form):
                lead = k
        for k in range(1, len(tokens) - lead):  # drop tokens[-k:]
            word = tokens[-k]
            if not word.isalpha() or known.in_other_name(word, words):
                break
            if not _trailing_junk(word, [(o, len(o) - k) for o in occurrences], known):
                break
            if known.known_name(first[lead:-k], set(tokens[-k:]), form):
                trail = k
        if lead or trail:
            cuts[form] = (lead, trail)
    if not cuts:
        return spans
    out = []
    for span in spans:
        lead, trail = cuts.get(span.text, (0, 0)) if span.label_ == "PERSON" else (0, 0)
        if lead or trail:
            span = Span(span.doc, span.start + lead, span.end - trail, label=span.label_)
        out.append(span)
    return out


def _join_organisation_parts(spans: list[Span]) -> list[Span]:
    """One organisation the model read in pieces: ORG spans side by side or joined by a
    hyphen with no space ("Counter" "-" "Daesh" "Coalition", "CJTF" "-" "OIR"). Places
    stay apart ("U.S.-Iraq")."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].label_ == "ORG" and span.label_ == "ORG":
            last = out[-1]
            doc = span.doc
            between = doc[last.end : span.start]
            hyphen = (
                len(between) == 1
                and between[0].text == "-"
                and not last[-1].whitespace_
                and not between[0].whitespace_
            )
            if hyphen or (not between and last[-1].whitespace_ == " "):
                out[-1] = Span(doc, last.start, span.end, label="ORG")
                continue
        out.append(span)
    return out


@Language.component("briefing_entity_fixer")
def fix_entities(doc: Doc) -> Doc:
    """Trim, relabel and filter ``doc.ents``; nothing in a photo credit or media tag."""
    fixed: list[Span] = []
    ents = doc.ents
    text = doc.text if ents else ""
    boilerplate = boilerplate_spans(text)
    for ent in ents:
        span = _trim(ent)
        if span is None or (boilerplate and overlaps(boilerplate, span.start_char, span.end_char)):
            continue
        if _shouted_not_named(span, text):
            continue
        label = "GPE" if _is_place_by_context(span) else _label_for(span)
        if label is None:
            continue
        span = Span(doc, span.start, span.end, label=label)
        if not _is_noise(span):
            fixed.append(span)
    text = text or doc.text
    fixed += ruler_unnamed(doc, text, fixed)
    fixed += places_unnamed(doc, text, fixed)
    regions = regions_unnamed(doc, text, fixed)
    if regions:
        starts = {span.start for span in regions}
        fixed = [s for s in fixed if s.start not in starts or len(s) > 1] + regions
    spans = _trim_name_words(_join_organisation_parts(filter_spans(fixed)))
    spans = spread_names(doc, spans, text, boilerplate, _is_noise)
    doc.ents = _without_families(spans)
    return doc


def _without_families(spans: list[Span]) -> list[Span]:
    """ "The Trumps", "the Clintons": a family, not a person, when the document names a
    person with that surname."""
    surnames = {s[-1].text for s in spans if s.label_ == "PERSON" and len(s) > 1}
    return [
        s
        for s in spans
        if not (
            s.label_ == "PERSON"
            and len(s) == 1
            and s.text.endswith("s")
            and s.text[:-1] in surnames
            and s.start > 0
            and s.doc[s.start - 1].lower_ == "the"
        )
    ]
