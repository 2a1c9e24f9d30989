"""Post-NER clean-up: trim spans, relabel from the gazetteer, drop what is not an entity."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from briefing_reader.core.analysis import gazetteer as gz
from briefing_reader.core.analysis.labels import SPACY_LABELS

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
_TRAILING_DROP = frozenset({"'s", "’s", "'", "’", ".", ",", ":", ";", "-", "–", "—"})
_RULE_LABELS = frozenset({"TITLE", "EQUIPMENT"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "it", "we", "i", "you"})


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].text in _LEADING_DROP
        or (span.label_ == "PERSON" and doc[start].text in gz.HONORIFICS)
        or doc[start].is_punct
    ):
        start += 1
    while end > start and (doc[end - 1].text in _TRAILING_DROP or doc[end - 1].is_punct):
        if doc[end - 1].text == "." and end - start == 1:
            break
        if doc[end - 1].text == "." and doc[end - 1].idx == doc[end - 2].idx + len(doc[end - 2]):
            break  # "U.S." style abbreviations keep their dot
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _label_for(span: Span) -> str | None:
    text = span.text
    g = gz.gazetteer()
    if span.label_ in _RULE_LABELS:
        return span.label_
    if text in g.countries or text in g.capitals:
        return "GPE"
    if text in g.demonyms:
        return "NORP"
    if text in gz.EQUIPMENT_NAMES:
        return "EQUIPMENT"
    return SPACY_LABELS.get(span.label_, span.label_ if span.label_ in {"LAW", "ORG"} else None)


#: Words after which a lone capitalised name is a place ("near Raqqah", "in Aleppo").
_LOCATIVE = frozenset(
    {
        "in",
        "near",
        "around",
        "outside",
        "across",
        "inside",
        "toward",
        "towards",
        "within",
        "throughout",
    }
)


def _is_place_by_context(span: Span) -> bool:
    """A one-word PERSON/NORP right after a locative preposition is a place.

    The small model calls unfamiliar towns people or nationalities; people almost
    never follow "near" or "in".
    """
    if len(span) != 1 or span.label_ not in {"PERSON", "NORP"} or span.start == 0:
        return False
    doc = span.doc
    if doc[span.start - 1].lower_ in _LOCATIVE:
        return True
    # "Raqqah, Syria": a name followed by a comma and a country
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        return gz.canonical_country(doc[span.end + 1].text) is not None
    return False


def _is_noise(span: Span) -> bool:
    text = span.text
    if text in gz.NOT_ALONE or text.lower() in _PRONOUNS:
        return True
    if not text[:1].isupper() and span.label_ not in {"DATE", "MONEY", "EQUIPMENT"}:
        return True
    first = span[0]
    if len(span) == 1 and first.is_sent_start and first.tag_ not in _PROPER_TAGS:
        g = gz.gazetteer()
        if text not in g.countries and text not in g.demonyms and span.label_ not in _RULE_LABELS:
            return True  # a capitalised sentence opener, not a name
    return False


@Language.component("briefing_entity_fixer")
def fix_entities(doc: Doc) -> Doc:
    """Trim, relabel and filter ``doc.ents``."""
    fixed: list[Span] = []
    for ent in doc.ents:
        span = _trim(ent)
        if span is None:
            continue
        label = "GPE" if _is_place_by_context(span) else _label_for(span)
        if label is None:
            continue
        span = Span(doc, span.start, span.end, label=label)
        if not _is_noise(span):
            fixed.append(span)
    doc.ents = filter_spans(fixed)
    return doc
