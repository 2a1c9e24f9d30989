"""Names the model left out, found by the words around them.

Each rule looks only at the tokens where its cue word stands ("regime", "near",
"province"), found by one regular expression over the text: a pass over every token of
every document would cost more than the rules are worth.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from briefing_reader.core.analysis import gazetteer as gz
from briefing_reader.core.analysis import lexicon as lex
from briefing_reader.core.analysis.entities import COMPASS_WORDS, PROPER_TAGS, WHEN_WORDS

#: Nouns for what one person rules or heads: "the Asad regime" names a person.
RULED_BY = frozenset({"regime", "dictatorship", "junta", "clan", "dynasty"})


def _token_indices(doc: Doc, text: str, words: re.Pattern[str]) -> list[int]:
    """Indices of the tokens that are one of ``words``, found in the text (a pass over
    every token would cost each document more than the rules it serves)."""
    found = []
    for match in words.finditer(text):
        span = doc.char_span(match.start(), match.end())
        if span is not None and len(span) == 1:
            found.append(span.start)
    return found


def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(sorted(words))})\b", re.IGNORECASE)


_RULED_BY_WORDS = _words_pattern(RULED_BY)


def ruler_unnamed(doc: Doc, text: str, taken: list[Span]) -> list[Span]:
    """ "the Asad regime": a capitalised name the model left out, between an article and
    a noun for what one person rules, is that person (a country or nationality there,
    "the Syrian regime", is not)."""
    g = gz.gazetteer()
    inside = {i for span in taken for i in range(span.start, span.end)}
    found = []
    for noun in _token_indices(doc, text, _RULED_BY_WORDS):
        i = noun - 1
        if i < 1 or i in inside:
            continue
        token = doc[i]
        if (
            token.tag_ in PROPER_TAGS
            and token.is_title
            and doc[i - 1].lower_ in {"the", "a"}
            and token.text not in g.demonyms
            and token.text not in g.countries
            and not _ordinary(token)
        ):
            found.append(Span(doc, i, i + 1, label="PERSON"))
    return found


def _ordinary(token) -> bool:
    """An English noun or adjective by the lemmatizer's word lists."""
    return lex.is_noun(token.lower_) or lex.is_adjective(token.lower_)


#: Prepositions after which an unknown name is a place even when the model saw none.
_NEAR_WORDS = _words_pattern(frozenset({"near", "outside", "around"}) | COMPASS_WORDS)


def places_unnamed(doc: Doc, text: str, taken: list[Span]) -> list[Span]:
    """ "Near Rawah, two strikes …", "advances around Manbij", "eastern Aleppo": proper
    nouns the model left out right after "near", "outside", "around" or an adjective of
    direction name a place when none of them is an ordinary English word (which keeps
    "around Christmas" and "near Parliament" out)."""
    inside = {i for span in taken for i in range(span.start, span.end)}
    found = []
    for i in _token_indices(doc, text, _NEAR_WORDS):
        end = i + 1
        if end in inside:
            continue
        while (
            end < len(doc)
            and end - i <= 4
            and end not in inside
            and doc[end].tag_ in PROPER_TAGS
            and doc[end].is_title
            and doc[end].text not in WHEN_WORDS
            and (len(doc[end]) <= 3 or not _ordinary(doc[end]))  # "Al", "Ar": particles
        ):
            end += 1
        if (
            end > i + 1
            and (end == len(doc) or not doc[end].is_title)
            and not _ordinary(doc[end - 1])
        ):
            found.append(Span(doc, i + 1, end, label="GPE"))
            inside.update(range(i + 1, end))
    return found


#: Nouns after a name that make it a region's: "Idlib province", "Nineveh governorate".
_REGION_NOUNS = _words_pattern(
    frozenset({"province", "governorate", "district", "prefecture", "oblast"})
)


def regions_unnamed(doc: Doc, text: str, taken: list[Span]) -> list[Span]:
    """A proper noun the model left out, or read as a person or nationality, right before
    "province" or "district" is that region's name."""
    labels = {i: span.label_ for span in taken for i in range(span.start, span.end)}
    demonyms = gz.gazetteer().demonyms
    found = []
    for noun in _token_indices(doc, text, _REGION_NOUNS):
        i = noun - 1
        if i < 0 or not doc[noun].is_lower:
            continue
        token = doc[i]
        if (
            token.tag_ in PROPER_TAGS
            and token.is_title
            and labels.get(i) in {None, "PERSON", "NORP"}
            and (i == 0 or labels.get(i - 1) is None)
            and token.text not in demonyms
        ):
            found.append(Span(doc, i, i + 1, label="GPE"))
    return found
