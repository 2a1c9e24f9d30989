"""Entities on the sample articles, canonical names, corrections and entity search."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from briefing_reader.app import entities as ops
from briefing_reader.app.analysing import reanalyse
from briefing_reader.app.importing import analyse_file, import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from tests.conftest import SEED_THANH_NIEN, SEED_YOMIURI

SEED_PEOPLE = {
    "Lloyd Austin",
    "Gen Nakatani",
    "Yoon Suk Yeol",
    "Donald Trump",
    "Antony Blinken",
    "Yoko Kamikawa",
    "Minoru Kihara",
    "Shin Won-sik",
    "Carl O. Schuster",
    "Stephen Robert Nagy",
    "Yoichiro Sato",
    "Fumio Kishida",
    "George Bush",
}


@pytest.fixture(scope="module")
def analysed() -> dict[str, dict]:
    return {path.name: analyse_file(path) for path in (SEED_YOMIURI, SEED_THANH_NIEN)}


def _by_label(result: dict, label: str) -> set[str]:
    return {e["canonical"] for e in result["entities"] if e["label"] == label}


def _spans(result: dict, label: str) -> set[str]:
    return {e["text"] for e in result["entities"] if e["label"] == label}


def test_every_person_with_full_name(analysed: dict) -> None:
    people = set().union(*(_by_label(r, "PERSON") for r in analysed.values()))
    assert people == SEED_PEOPLE


def test_countries_equipment_agreement_forces(analysed: dict) -> None:
    yomiuri = analysed[SEED_YOMIURI.name]
    thanh = analysed[SEED_THANH_NIEN.name]
    countries = _by_label(yomiuri, "GPE") | _by_label(thanh, "GPE")
    assert {
        "Japan",
        "United States",
        "South Korea",
        "North Korea",
        "China",
        "Russia",
        "Taiwan",
        "Afghanistan",
        "East Timor",
        "South Sudan",
    } <= countries
    assert _spans(yomiuri, "EQUIPMENT") == {"Osprey"}
    assert "GSOMIA" in _by_label(thanh, "LAW")
    assert "Ground Self-Defense Force" in _by_label(yomiuri, "ORG")


def test_none_of_the_model_mistakes(analysed: dict) -> None:
    everything = [e for r in analysed.values() for e in r["entities"]]
    texts = {(e["text"], e["label"]) for e in everything}
    assert ("Defense", "ORG") not in texts
    assert not any(e["label"] == "ORG" and "Lloyd Austin" in e["text"] for e in everything)
    assert not any(e["text"] == "Osprey" and e["label"] != "EQUIPMENT" for e in everything)
    assert ("GSOMIA", "ORG") not in texts
    assert not any(e["text"].lower().startswith("the ") for e in everything)
    assert not any(e["text"].lower() in {"he", "she", "him"} for e in everything)


def test_organisations_whole_in_the_seeds(analysed: dict) -> None:
    thanh = analysed[SEED_THANH_NIEN.name]
    orgs = _spans(thanh, "ORG")
    assert {"US Navy", "Ritsumeikan Asia-Pacific University"} <= orgs
    assert "Navy" not in orgs  # not split into a country and a generic word


def test_titles_kept_apart_from_people(analysed: dict) -> None:
    yomiuri = analysed[SEED_YOMIURI.name]
    assert {"Defense Secretary", "Defense Minister"} <= _spans(yomiuri, "TITLE")
    assert "Gen Nakatani" in _spans(yomiuri, "PERSON")
    thanh = analysed[SEED_THANH_NIEN.name]
    assert {"Secretary of State", "Secretary of Defense", "Foreign Minister"} <= _spans(
        thanh, "TITLE"
    )


def test_short_mentions_resolve_within_document(analysed: dict) -> None:
    pairs = {
        (e["text"], e["canonical"])
        for r in analysed.values()
        for e in r["entities"]
        if e["label"] == "PERSON"
    }
    assert ("Austin", "Lloyd Austin") in pairs
    assert ("Yoon", "Yoon Suk Yeol") in pairs
    assert ("Nagy", "Stephen Robert Nagy") in pairs
    assert ("Minoru", "Minoru Kihara") in pairs
    assert ("Carl O. Schuster", "Carl O. Schuster") in pairs  # "Mr." is not part of the name


def test_country_aliases_share_one_name(analysed: dict) -> None:
    aliases = {
        e["text"]
        for r in analysed.values()
        for e in r["entities"]
        if e["canonical"] == "United States"
    }
    assert {"US", "U.S.", "United States", "America"} <= aliases
    korea = {
        e["text"]
        for r in analysed.values()
        for e in r["entities"]
        if e["canonical"] == "South Korea"
    }
    assert {"South Korea", "Republic of Korea"} <= korea


def test_analyze_contract_offsets(analysed: dict) -> None:
    for result in analysed.values():
        text = result["document"]["text"]
        assert set(result["document"]) >= {"title", "source", "published", "text"}
        for entity in result["entities"]:
            assert set(entity) == {"start", "end", "text", "label", "canonical"}
            assert text[entity["start"] : entity["end"]] == entity["text"]


def test_analyze_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match=r"nope\.txt: no such file"):
        analyse_file(tmp_path / "nope.txt")


def test_vendored_model_matches_provenance() -> None:
    model = Path(__file__).resolve().parents[1] / "briefing_reader" / "models" / "en_core_web_sm"
    provenance = json.loads((model / "PROVENANCE.json").read_text())
    assert provenance["wheel_sha256"].startswith("e94cbf6c")
    for name, digest in provenance["files"].items():
        assert hashlib.sha256((model / name).read_bytes()).hexdigest() == digest, name
    assert "MIT" in (model / "LICENSE").read_text()


# -- the library ----------------------------------------------------------------------


@pytest.fixture
def lib(seeded_library: Library) -> Library:
    return seeded_library


def test_entity_search_fields_and_facets(lib: Library) -> None:
    assert search(lib, "person:austin").total == 2
    assert search(lib, "person:nagy").total == 1
    assert search(lib, "org:yomiuri").total == 1
    assert search(lib, 'place:"south korea"').total == 2
    assert search(lib, "place:tokyo").total == 1
    assert search(lib, "entity:gsomia").total == 1
    assert search(lib, "entity:osprey").total == 1
    facets = search(lib, "").facets
    people = dict(facets["person"])
    assert people["Lloyd Austin"] == 2
    assert dict(facets["place"])["Japan"] == 2


def test_rename_merge_relabel_hide_everywhere(lib: Library) -> None:
    ops.rename_entity(lib, "Lloyd Austin", "Lloyd J. Austin III")
    names = {e.canonical for e in ops.list_entities(lib, label="PERSON")}
    assert "Lloyd J. Austin III" in names and "Lloyd Austin" not in names
    assert search(lib, 'person:"austin iii"').total == 2

    ops.merge_entities(lib, "GPE:Washington", "United States")
    us = ops.find_entity(lib, "United States")
    assert "Washington" in us.aliases

    ops.relabel_entity(lib, "Yomiuri Shimbun", "ORG")
    ops.hide_entity(lib, "NORP:South Korean")
    assert all(e.canonical != "South Korean" for e in ops.list_entities(lib))
    assert any(e.canonical == "South Korean" for e in ops.list_entities(lib, include_hidden=True))
    ops.unhide_entity(lib, "NORP:South Korean")
    assert any(e.canonical == "South Korean" for e in ops.list_entities(lib))


def test_corrections_survive_reanalysis_and_can_be_undone(lib: Library) -> None:
    ops.rename_entity(lib, "Gen Nakatani", "Nakatani Gen")
    doc_id = next(d.id for d in lib.store.list() if d.source == "The Yomiuri Shimbun")
    osprey = next(m for m in lib.entities.mentions(doc_id) if m.text == "Osprey")
    ops.mark_not_entity(lib, doc_id, osprey.start, osprey.end)
    reanalyse(lib)
    assert ops.find_entity(lib, "Nakatani Gen").label == "PERSON"
    spans = [(m.start, m.end) for m in lib.entities.mentions(doc_id)]
    assert (osprey.start, osprey.end) not in spans
    assert sum(1 for m in lib.entities.mentions(doc_id) if m.text == "Osprey") >= 1
    rename = next(c for c in ops.list_corrections(lib) if c.kind == "rename")
    ops.undo_correction(lib, rename.id)
    assert ops.find_entity(lib, "Gen Nakatani").canonical == "Gen Nakatani"


def test_ambiguous_and_unknown_references(lib: Library) -> None:
    with pytest.raises(BriefingError, match="no entity called"):
        ops.find_entity(lib, "Nobody At All")
    with pytest.raises(BriefingError, match="unknown label"):
        ops.relabel_entity(lib, "Lloyd Austin", "ALIEN")
    with pytest.raises(BriefingError, match="into itself"):
        ops.merge_entities(lib, "Lloyd Austin", "Austin")


def test_reimport_changed_text_reanalyses(lib: Library, tmp_path: Path) -> None:
    doc = next(d for d in lib.store.list() if d.source == "The Yomiuri Shimbun")
    changed = tmp_path / "000_fbe3ab94d1539b22.txt"
    changed.write_text(SEED_YOMIURI.read_text(encoding="utf-8") + "\n\nKamala Harris spoke too.")
    lib.store.set_origin_hash(doc.id, "x", str(changed.resolve()))
    result = import_paths(lib, [changed])
    assert result.updated == [doc.id] and result.analysed == [doc.id]
    assert "Kamala Harris" in {m.canonical for m in lib.entities.mentions(doc.id)}


# -- junk words around person names (made-up texts; each failed before the fix) -----------


def _people(text: str, source: str | None = None) -> set[tuple[str, str]]:
    """(span text, canonical) of the PERSON mentions of ``text``."""
    from briefing_reader.core.analysis.pipeline import analyse

    mentions = next(analyse([(text, source)])).mentions
    return {(m.text, m.canonical) for m in mentions if m.label == "PERSON"}


@pytest.mark.parametrize(
    ("text", "expected", "junk"),
    [
        (  # an epithet before a full name, mid-quote
            "Trump mocked Hillary Clinton again on Friday.\n\n"
            'He says, "Working that microphone was a lot more difficult than working '
            'Crooked Hillary Clinton."\n\nHillary Clinton did not answer.',
            {("Hillary Clinton", "Hillary Clinton")},
            "Crooked",
        ),
        (  # an adjective in a title-case headline
            "Derelict Obama and Clinton; Trump Will Go on Offense.\n\n"
            "Last weekend, the country was attacked again. Obama said little about it, "
            "and Clinton said less.",
            {("Obama", "Obama")},
            "Derelict",
        ),
        (  # a headline verb
            "Obama Says African-American Museum Will Tell of 'Suffering and Delight.'\n\n"
            "President Obama dedicated the museum on Saturday. Obama said it would tell an "
            "American story.",
            {("Obama", "Obama")},
            "Says",
        ),
        (  # a noun in a title-case caption
            "[Video: FULL SPEECH: President Obama Speech at Black Caucus Foundation in "
            "Washington DC Watch on YouTube.]\n\nMr. Obama spoke for forty minutes. "
            "His speech was personal.",
            {("Obama", "Obama")},
            "Speech",
        ),
        (  # a participle opening the sentence
            "Trump attacked Hillary Clinton on Friday.\n\nInjecting Clinton's marital troubles "
            "into the campaign is his latest effort. Clinton has kept a positive message.",
            {("Clinton", "Hillary Clinton"), ("Hillary Clinton", "Hillary Clinton")},
            "Injecting",
        ),
    ],
)
def test_ordinary_words_leave_person_names(text: str, expected: set, junk: str) -> None:
    people = _people(text)
    assert expected <= people
    assert not any(junk in span or junk in canonical for span, canonical in people)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # an adjective first name opening a sentence, the adjective also in lower case
        (
            "Frank Miller, the city's treasurer, resigned on Monday. Miller said the audit "
            "was unfair. The report was frank about the losses.",
            "Frank Miller",
        ),
        (
            "Will Smith spoke at the ceremony. Smith said he was proud. It will open soon.",
            "Will Smith",
        ),
        ("Mary J. Blige sang at the rally. Blige said she backed the candidate.", "Mary J. Blige"),
    ],
)
def test_first_names_that_are_words_stay(text: str, name: str) -> None:
    people = _people(text)
    assert (name, name) in people
    assert (name.split()[-1], name) in people  # the surname still resolves to it


def test_surname_used_long_before_a_relative_stays_itself() -> None:
    people = _people(
        "President Obama spoke on Saturday. Mr. Obama said the vote mattered. Obama asked "
        "for turnout. Advisers to Obama say he is frustrated. Obama will travel again. "
        "Michelle Obama will also campaign. Obama ended his speech."
    )
    assert people == {("Obama", "Obama"), ("Michelle Obama", "Michelle Obama")}


def test_short_names_follow_the_longer_name_to_its_full_form() -> None:
    people = _people(
        "Attorney General Loretta E. Lynch spoke on Monday. Loretta Lynch has led the "
        "department since 2015. Lynch said the review would continue."
    )
    assert {name for _, name in people} == {"Loretta E. Lynch"}


def test_organisation_word_stays_on_a_name() -> None:
    text = (
        "Responding to Thanh Nien on July 29, Professor Yoichiro Sato said the talks "
        "mattered.\n\nSource: Thanh Nien Newspaper"
    )
    from briefing_reader.core.analysis.pipeline import analyse

    mentions = next(analyse([(text, None)])).mentions
    assert ("Thanh Nien Newspaper", "ORG") in {(m.text, m.label) for m in mentions}
    assert ("Yoichiro Sato", "PERSON") in {(m.canonical, m.label) for m in mentions}


def test_title_case_lines_and_everyday_words() -> None:
    from briefing_reader.core.analysis import lexicon
    from briefing_reader.core.analysis.entities import title_case_line

    text = "Derelict Obama and Clinton; Trump Will Go on Offense.\n\nObama said little."
    assert title_case_line(text, 0)
    assert not title_case_line(text, text.index("said"))
    assert not title_case_line("Hillary Clinton.", 0)  # a line of names alone is no headline
    assert lexicon.is_adjective("Crooked") and lexicon.is_participle("Injecting")
    assert lexicon.is_inflected_verb("Says") and lexicon.is_inflected_verb("said")
    assert not lexicon.is_inflected_verb("Bill") and not lexicon.is_participle("Sterling")
    assert not lexicon.is_participle("Gates")  # a "-s" form, also a surname
