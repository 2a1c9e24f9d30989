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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from briefing_reader.core.analysis import gazetteer as gz
from briefing_reader.core.analysis import name_lists
from briefing_reader.core.analysis import organisations as orgs
from briefing_reader.core.analysis.entities import bare_mentions, mentions_of
from briefing_reader.core.model import Mention

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "en_core_web_sm"
#: The parser gives sentences and the subjects of reporting verbs (claims); senter
#: duplicates it, and verb forms come from a table (claims/verbs.py), not the lemmatizer.
_EXCLUDE = ["senter", "lemmatizer", "attribute_ruler"]
_LOCK = threading.Lock()


def _domain_patterns() -> list[dict]:
    g = gz.gazetteer()
    patterns: list[dict] = [{"label": "TITLE", "pattern": title} for title in g.titles]
    patterns += [{"label": "EQUIPMENT", "pattern": name} for name in name_lists.EQUIPMENT_NAMES]
    patterns.append(
        {"label": "EQUIPMENT", "pattern": [{"TEXT": {"REGEX": name_lists.EQUIPMENT_DESIGNATION}}]}
    )
    patterns.append(  # a ship: a navy's prefix and a name
        {
            "label": "EQUIPMENT",
            "pattern": [
                {"ORTH": {"IN": list(name_lists.SHIP_PREFIXES)}},
                {"IS_TITLE": True, "OP": "+"},
            ],
        }
    )
    patterns += [{"label": "LAW", "pattern": name} for name in name_lists.AGREEMENT_NAMES]
    heads = list(name_lists.AGREEMENT_HEADS)
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
    patterns += [
        {"label": "ORG", "pattern": name}
        for name in name_lists.ORG_NAMES
        + name_lists.ARMED_GROUPS
        + orgs.MEDIA_NAMES
        + orgs.PARTY_NAMES
        + orgs.LEAGUE_NAMES
    ]
    patterns += [{"label": "EVENT", "pattern": name} for name in orgs.EVENT_NAMES]
    patterns += [{"label": "LOC", "pattern": name} for name in name_lists.REGIONS]
    patterns += _organisation_patterns(g)
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


_PROPER = {"TAG": {"IN": ["NNP", "NNPS"]}}


def _organisation_patterns(g: gz.Gazetteer) -> list[dict]:
    """Organisations by the shape of their names, not by a list of them.

    A country or nationality before a national institution ("US Navy", "British Army");
    a run of proper nouns ending in an organisation's head word ("Ritsumeikan
    Asia-Pacific University", "Eurasia Group"); a head word with "of" and a proper name
    ("University of Tokyo", "Ministry of Defence"). The tagger has run, so "proper noun"
    is its reading, not just a capital letter.
    """
    prefixes = {name for name in g.countries if " " not in name or name.istitle()}
    prefixes |= {d for d in g.demonyms if not d.endswith("s")} | {
        "US",
        "U.S.",
        "UK",
        "U.K.",
        "Royal",
    }
    patterns: list[dict] = [
        {"label": "ORG", "pattern": f"{prefix} {institution}"}
        for prefix in sorted(prefixes)
        for institution in orgs.NATIONAL_INSTITUTIONS
    ]
    # "Iraqi security forces", "Syrian opposition", "Kurdish militias": a people's armed or
    # governing body is an organisation, not a nationality and a common noun
    bodies = ["forces", "troops", "army", "military", "militia", "militias", "police",
              "government", "opposition", "rebels", "navy"]  # fmt: skip
    patterns.append(
        {
            "label": "ORG",
            "pattern": [
                {"ORTH": {"IN": sorted(d for d in g.demonyms if not d.endswith("s"))}},
                {
                    "LOWER": {"IN": ["security", "armed", "special", "government", "coalition"]},
                    "OP": "?",
                },
                {"LOWER": {"IN": bodies}},
            ],
        }
    )
    proper_run = [
        _PROPER,
        {"TAG": {"IN": ["NNP", "NNPS", "HYPH"]}, "OP": "*"},
    ]
    patterns.append(
        {"label": "ORG", "pattern": [*proper_run, {"ORTH": {"IN": list(orgs.ORG_NAME_HEADS)}}]}
    )
    of_name = [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, _PROPER, {**_PROPER, "OP": "*"}]
    heads = {"ORTH": {"IN": list(orgs.ORG_OF_HEADS)}}
    patterns.append({"label": "ORG", "pattern": [heads, *of_name]})
    patterns.append({"label": "ORG", "pattern": [*proper_run, heads, *of_name]})
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
    from spacy.pipeline import EntityRuler

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
            cast(EntityRuler, domain).add_patterns(_domain_patterns())
            cast(EntityRuler, places).add_patterns(_place_patterns())
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


@dataclass(slots=True)
class Analysis:
    """Everything the analysis finds in one document."""

    mentions: list[Mention]
    claims: list  # list[claims.Claim]
    #: Why the analysis failed (then nothing was found); None when it succeeded.
    error: str | None = None


def analyse(
    items: Iterable[tuple[str, str | None]],
    rules: bool = True,
    processes: int = 1,
    batch_size: int = 16,
    claims: bool = True,
    deadline: float | None = None,
) -> Iterator[Analysis]:
    """Entities and claims for each (text, source) pair, in order; spaCy loads on first use.

    The full pipeline computes both in its last component, so with ``processes`` > 1
    the work happens in the worker processes; the source rides along in the Doc. Long
    texts go in bounded pieces, and a document that fails (or runs past ``deadline``
    seconds) yields an Analysis with ``error`` set instead of stopping the stream.
    """
    from briefing_reader.core.analysis.plain import SOURCE, from_plain

    if rules and claims:
        if processes > 1:
            from briefing_reader.core.analysis.parallel import analyse_in_workers

            stream = analyse_in_workers(items, processes, batch_size, deadline)
        else:
            from briefing_reader.core.analysis.bounded import analyse_bounded

            stream = analyse_bounded(pipeline(), items, batch_size, deadline)
        for data in stream:
            if isinstance(data, dict):
                yield Analysis(*from_plain(data))
            else:
                yield Analysis([], [], error=data.reason)
        return
    nlp = pipeline(rules, claims=False)

    def docs() -> Iterator:
        for text, source in items:
            doc = nlp.make_doc(text)
            doc.user_data[SOURCE] = source
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=processes if not rules else 1):
        if not rules:
            yield Analysis(bare_mentions(doc), [])
        else:
            yield Analysis(mentions_of(doc, doc.user_data.get(SOURCE)), [])


def analyse_texts(
    items: Iterable[tuple[str, str | None]],
    rules: bool = True,
    processes: int = 1,
    batch_size: int = 16,
) -> Iterator[list[Mention]]:
    """Only the mentions of :func:`analyse`, from the same pipeline the app runs."""
    for analysis in analyse(items, rules, processes, batch_size):
        yield analysis.mentions
