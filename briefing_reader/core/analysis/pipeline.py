"""The spaCy pipeline: the vendored small English model plus rule layers.

Order matters. ``domain_ruler`` runs before the statistical NER, so its spans
(titles, equipment, agreements, armed forces) are fixed and the model labels
around them: "Defense Minister Gen Nakatani" becomes TITLE + PERSON instead of
one ORG. ``place_ruler`` runs after, filling in countries, capitals and
nationalities the model missed without overriding it. ``entity_fixer`` then trims
articles and possessives, relabels what the gazetteer knows better, drops lone
title words and capitalised sentence openers, and trims ordinary words off person
names ("Crooked Hillary Clinton" → "Hillary Clinton").
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from briefing_reader.core.analysis import gazetteer as gz

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "en_core_web_sm"
#: Bump when the model, rules or resolution change; ``reanalyze`` redoes older analyses.
ANALYSIS_VERSION = 7
#: The parser gives sentences and the subjects of reporting verbs (claims); senter
#: duplicates it, and verb forms come from a table (claims/verbs.py), not the lemmatizer.
_EXCLUDE = ["senter", "lemmatizer", "attribute_ruler"]
_LOCK = threading.Lock()


def _domain_patterns() -> list[dict]:
    g = gz.gazetteer()
    patterns: list[dict] = [{"label": "TITLE", "pattern": title} for title in g.titles]
    patterns += [{"label": "EQUIPMENT", "pattern": name} for name in gz.EQUIPMENT_NAMES]
    patterns.append(
        {"label": "EQUIPMENT", "pattern": [{"TEXT": {"REGEX": gz.EQUIPMENT_DESIGNATION}}]}
    )
    patterns += [{"label": "LAW", "pattern": name} for name in gz.AGREEMENT_NAMES]
    heads = list(gz.AGREEMENT_HEADS)
    patterns.append(
        {"label": "LAW", "pattern": [{"IS_TITLE": True, "OP": "+"}, {"ORTH": {"IN": heads}}]}
    )
    patterns.append(
        {
            "label": "LAW",
            "pattern": [
                {"ORTH": {"IN": ["Treaty", "Convention"]}},
                {"LOWER": "of"},
                {"IS_TITLE": True, "OP": "+"},
            ],
        }
    )
    patterns += [{"label": "ORG", "pattern": name} for name in gz.ORG_NAMES + gz.ARMED_GROUPS]
    patterns += [{"label": "LOC", "pattern": name} for name in gz.REGIONS]
    patterns.append(
        {
            "label": "ORG",
            "pattern": [
                {"ORTH": {"IN": ["Ministry", "Department"]}},
                {"LOWER": "of"},
                {"IS_TITLE": True, "OP": "+"},
            ],
        }
    )
    patterns.append(
        {
            "label": "ORG",
            "pattern": [
                {"ORTH": {"IN": ["Ground", "Maritime", "Air"]}},
                {"ORTH": "Self"},
                {"ORTH": "-"},
                {"ORTH": "Defense"},
                {"ORTH": {"IN": ["Force", "Forces"]}},
            ],
        }
    )
    return patterns


def _place_patterns() -> list[dict]:
    g = gz.gazetteer()
    patterns = [{"label": "GPE", "pattern": name} for name in g.countries]
    patterns += [{"label": "GPE", "pattern": name} for name in g.capitals]
    patterns += [{"label": "NORP", "pattern": name} for name in g.demonyms]
    return patterns


#: Without claims the parser (and lemmas) are not needed; the cheaper senter splits sentences.
_EXCLUDE_ENTITIES_ONLY = ["parser", "lemmatizer", "attribute_ruler"]  # and senter stays


def build_pipeline(rules: bool = True, claims: bool = True):  # -> spacy.language.Language
    """Load the vendored model; with ``rules`` add the domain layers (False: bare model).

    ``claims=False`` builds the entities-only pipeline (used to measure what claims cost).
    """
    import spacy

    from briefing_reader.core.analysis import findings, fixer, paragraphs  # components

    assert findings and fixer and paragraphs
    nlp = spacy.load(MODEL_DIR, exclude=_EXCLUDE if claims else _EXCLUDE_ENTITIES_ONLY)
    if not claims:
        nlp.enable_pipe("senter")
    if rules:
        domain = nlp.add_pipe(
            "entity_ruler", name="domain_ruler", before="ner", config={"validate": False}
        )
        places = nlp.add_pipe(
            "entity_ruler", name="place_ruler", after="ner", config={"overwrite_ents": False}
        )
        # Phrase patterns only need tokenising: with every component disabled the
        # ruler does not run the tagger and NER over its 1,500 patterns (saves ~1 s).
        with nlp.select_pipes(disable=nlp.pipe_names):
            domain.add_patterns(_domain_patterns())
            places.add_patterns(_place_patterns())
        nlp.add_pipe("briefing_entity_fixer", last=True)
    # Paragraph breaks always end a sentence (headlines, quotes closing a paragraph).
    nlp.add_pipe("briefing_paragraph_sentences", before="parser" if claims else "senter")
    if rules and claims:
        nlp.add_pipe("briefing_findings", last=True)
    return nlp


@lru_cache(maxsize=4)
def _cached(rules: bool, claims: bool):
    return build_pipeline(rules, claims)


def pipeline(rules: bool = True, claims: bool = True):
    """The shared pipeline for this process (loaded on first use, thread-safe)."""
    with _LOCK:
        return _cached(rules, claims)
