"""What is not an entity is not one: credits, media tags, paragraph breaks, label conflicts,
organisations by the shape of their names, acronyms a document defines."""

from __future__ import annotations

import pytest

from briefing_reader.core.analysis.acronyms import definitions, initials
from briefing_reader.core.analysis.boilerplate import boilerplate_spans, overlaps
from briefing_reader.core.metadata import extract_text_metadata


def _marked(text: str) -> list[str]:
    return [text[s:e] for s, e in boilerplate_spans(text)]


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        (
            "It can t be repeated enough.Photo by Spencer Platt/Getty Images.",
            "Photo by Spencer Platt/Getty Images",
        ),
        (
            "Amen to that.\n\nFeatured image via Win McNamee  / Getty Images",
            "Featured image via Win McNamee  / Getty Images",
        ),
        (
            "He said so.Featured Image: Drew Angerer/Getty Images",
            "Image: Drew Angerer/Getty Images",
        ),
        ("Image via FacebookHe killed his dad on Samish Island.", "Image via Facebook"),
        (
            "Featured image via David McNew/Stringer/Getty Images",
            "Featured image via David McNew/Stringer/Getty Images",
        ),
        ("Trump Mocks Reporters (VIDEO)\n\nThe president spoke.", "(VIDEO)"),
    ],
)
def test_credits_and_media_tags_are_found(text: str, credit: str) -> None:
    assert credit in _marked(text) or any(credit in m for m in _marked(text))


def test_ordinary_sentences_are_not_boilerplate() -> None:
    text = (
        "Getty Images said it would appeal. The Food and Drug Administration (FDA) agreed.\n\n"
        "Photos of the summit show both leaders smiling."
    )
    assert boilerplate_spans(text) == []
    spans = [(10, 20), (30, 40)]
    assert overlaps(spans, 15, 16) and overlaps(spans, 5, 11) and not overlaps(spans, 20, 30)


def test_acronym_definitions_follow_the_initials() -> None:
    text = "Officials of the North Atlantic Treaty Organization (NATO) and the Islamic State of Iraq and the Levant (ISIL) met the Trans-Pacific Partnership (TPP)."
    found = {acronym: text[s:e] for acronym, s, e, _, _ in definitions(text)}
    assert found == {
        "NATO": "North Atlantic Treaty Organization",
        "ISIL": "Islamic State of Iraq and the Levant",
        "TPP": "Trans-Pacific Partnership",
    }
    assert initials("Asia-Pacific Economic Cooperation") == "APEC"
    assert definitions("He left (FBI) early.") == []


def test_agency_dateline_keeps_the_agency_name_only() -> None:
    meta = extract_text_metadata(
        "Manafort op-ed\n\nWASHINGTON (Reuters on Friday ) - U.S. Special Counsel said so."
    )
    assert meta.source == "Reuters"
    headline = extract_text_metadata("Trump on Twitter (Dec 28) - Global Warming\n\nText.")
    assert headline.source != "Dec 28" and headline.dateline != "Trump on Twitter"


def _mentions(text: str) -> list[tuple[str, str, str]]:
    from briefing_reader.core.analysis.pipeline import analyse

    return [(m.text, m.label, m.canonical) for m in next(analyse([(text, None)])).mentions]


def test_no_mention_in_a_credit_or_across_a_paragraph() -> None:
    text = (
        "Trump Attacks The Press (VIDEO)\n\nDonald Trump spoke in Ohio on Monday. Roy Moore\n\n"
        "Moore did not answer. Trump said the press was unfair.Featured image via Alex "
        "Wong/Getty Images"
    )
    found = _mentions(text)
    assert not any("\n" in t for t, _, _ in found)
    assert not any("Wong" in t or "Getty" in t for t, _, _ in found)
    assert ("Donald Trump", "PERSON", "Donald Trump") in found


def test_platforms_parties_clubs_awards_are_not_people() -> None:
    found = _mentions(
        "Trump said on Twitter that Labour and the Lib Dems would lose. Russian oil giant "
        "Yukos fell. Manchester United beat Chelsea in the Premiership. She won an Oscar. "
        "The Trumps met Donald Trump. Trump s campaign told Politico nothing."
    )
    labels = {text: label for text, label, _ in found}
    assert labels["Twitter"] == "ORG" and labels["Politico"] == "ORG"
    assert labels["Labour"] == "ORG" and labels["Lib Dems"] == "ORG"
    assert labels["Yukos"] == "ORG" and labels["Manchester United"] == "ORG"
    assert labels["Premiership"] == "ORG" and labels["Oscar"] == "EVENT"
    assert "Trumps" not in labels and "Trump s" not in labels and "Trump s campaign" not in labels


def test_one_label_per_name_in_a_document() -> None:
    from briefing_reader.core.analysis.entities import _one_label_per_name

    raw = [(0, 5, "Trump", "PERSON"), (10, 15, "Trump", "ORG"), (20, 25, "Trump", "PERSON")]
    assert {label for *_, label in _one_label_per_name(raw)} == {"PERSON"}


def test_a_defined_acronym_stands_for_its_full_name() -> None:
    found = _mentions(
        "The North Atlantic Treaty Organization (NATO) met in Brussels. NATO said it would respond."
    )
    full = "North Atlantic Treaty Organization"
    assert (full, "ORG", full) in found
    assert [c for t, _, c in found if t == "NATO"] == [full, full]


def test_places_ships_and_rulers_by_their_context() -> None:
    found = _mentions(
        "Near Kafr Zita, two strikes destroyed a bunker. Fighters later left Kafr Zita, "
        "and the town of Kafr Zita was quiet.\n\n"
        "The destroyer USS Oakhill sailed with HMS Brackenfield. Later, Oakhill returned to port.\n\n"
        "Observers blamed the Karimov regime for the attack. The Syrian regime denied it."
    )
    labels = {(text, label) for text, label, _ in found}
    assert ("Kafr Zita", "GPE") in labels and not any(t.startswith("Near") for t, _ in labels)
    assert {t for t, label in labels if t.endswith("Zita")} == {"Kafr Zita"}
    assert {("USS Oakhill", "EQUIPMENT"), ("HMS Brackenfield", "EQUIPMENT")} <= labels
    assert ("Oakhill", "EQUIPMENT") in labels
    assert ("Karimov", "PERSON") in labels and ("Syrian", "NORP") in labels


def test_a_name_shown_to_be_a_place_is_one_throughout_the_document() -> None:
    from briefing_reader.core.analysis.entities import _one_label_per_name

    raw = [(0, 5, "Qamar", "PERSON"), (10, 15, "Qamar", "PERSON"), (20, 25, "Qamar", "GPE")]
    assert {label for *_, label in _one_label_per_name(raw)} == {"PERSON"}
    assert {label for *_, label in _one_label_per_name(raw, {"Qamar"})} == {"GPE"}


def test_organisations_read_in_pieces_and_facilities() -> None:
    found = _mentions(
        "The 40-nation Counter-Piracy Coalition met on Monday. Militants seized tanks from "
        "Kharab Military Airfield near the border. The U.S.-Iraq partnership held."
    )
    labels = {(text, label) for text, label, _ in found}
    assert ("Counter-Piracy Coalition", "ORG") in labels
    assert ("Kharab Military Airfield", "LOC") in labels
    assert not any(text.startswith("U.S.-") for text, _ in labels)


def test_places_by_direction_region_and_particles() -> None:
    found = _mentions(
        "Aid reached eastern Qasrah on Monday, and Qasrah is calm. Militants held Tell "
        "Rifaat district.\n\nNear Al Zubaydah, two strikes hit a depot. They met around "
        "Christmas near Parliament. When prompted, enter Passcode 3080897 now."
    )
    labels = {(text, label) for text, label, _ in found}
    assert ("Al Zubaydah", "GPE") in labels
    assert {label for text, label in labels if text == "Qasrah"} == {"GPE"}
    assert ("Christmas", "GPE") not in labels and ("Parliament", "GPE") not in labels
    assert not any("3080897" in text and label == "PERSON" for text, label in labels)


def test_a_title_used_alone_is_the_one_person_named_with_it() -> None:
    found = _mentions(
        "Foreign Secretary Alan Brightwell met the envoy today. The Foreign Secretary pressed "
        "for a ceasefire. President Ruiz and President Okafor spoke. The President left."
    )
    assert ("Foreign Secretary", "PERSON", "Alan Brightwell") in found
    assert not any(t == "President" and label == "PERSON" for t, label, _ in found)
