"""The body's one-pass posting format gives the bytes Whoosh's own chain gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from whoosh import analysis, formats

from briefing_reader.core.search.schema import build_schema
from briefing_reader.core.search.stemmed_format import STEMMING, StemmedCharacters

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TEXTS = [
    "",
    "the of and a I",  # stop words and one-letter words only
    "The harbour pilots' union met; the pilots met again at 3.141 and at 5.",
    "A big-time under_score *wild* card: U.S. officials, e.g. Mr. O'Neill, said it.",
    "İstanbul, Zürich and ŁÓDŹ: STRASSE Straße ǅemal — naïve café 東京 ٣٤ x2 2x",
    "Running runs ran; generalisations generalization GENERALIZED.\n\nNext paragraph.",
]


def _texts() -> list[str]:
    return TEXTS + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_the_postings_are_those_of_whoosh_s_chain(boost: float) -> None:
    ours, whoosh = StemmedCharacters(field_boost=boost), formats.Characters(field_boost=boost)
    for text in _texts():
        expected = list(whoosh.word_values(text, STEMMING, mode="index"))
        assert list(ours.word_values(text, STEMMING, mode="index")) == expected
        assert list(ours.word_values(text, analysis.StemmingAnalyzer())) == expected


def test_another_analyser_or_a_list_goes_through_whoosh() -> None:
    ours, whoosh = StemmedCharacters(), formats.Characters()
    plain = analysis.StandardAnalyzer(stoplist=None)
    text = TEXTS[2]
    assert list(ours.word_values(text, plain)) == list(whoosh.word_values(text, plain))
    words = ["Pilots", "met"]
    assert list(ours.word_values(words, STEMMING)) == list(whoosh.word_values(words, STEMMING))
    assert {w for w, *_ in ours.word_values(text, plain)} >= {"the", "pilots"}  # unstemmed


def test_the_schema_indexes_the_body_with_it_and_pickles_without_the_analyser() -> None:
    body = build_schema()["body"]
    assert type(body.format) is StemmedCharacters and body.analyzer == STEMMING
    list(body.index(TEXTS[2]))  # remembers which analyser it checked
    again = pickle.loads(pickle.dumps(body))
    assert type(again.format) is StemmedCharacters and "_checked" not in again.format.__dict__
