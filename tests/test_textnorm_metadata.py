"""Normalisation, dates and metadata from the sample articles' messy text."""

from __future__ import annotations

import pytest

from briefing_reader.core.dates import parse_date
from briefing_reader.core.metadata import extract_text_metadata, first_sentence, shorten
from briefing_reader.core.model import PartialDate
from briefing_reader.core.textnorm import normalise_text
from tests.conftest import SEED_THANH_NIEN, SEED_YOMIURI


def test_normalise_line_ends_nfc_and_paragraphs() -> None:
    raw = "\ufeffCafe\u0301 line one\r\nstill one\r\n\r\n\r\nSecond\u00a0\u00a0para\rthird\x00"
    text = normalise_text(raw)
    assert text == "Café line one still one\n\nSecond para third"
    assert normalise_text(text) == text


def test_long_lines_are_paragraphs_short_lines_are_wrapped() -> None:
    long_a = "A" * 20 + " long line of prose that goes on" * 4
    long_b = "B" * 20 + " another long paragraph line here" * 4
    assert normalise_text(f"{long_a}\n{long_b}") == f"{long_a}\n\n{long_b}"
    assert normalise_text("short wrapped\nprose line\nhere") == "short wrapped prose line here"


def test_seed_yomiuri_metadata() -> None:
    meta = extract_text_metadata(normalise_text(SEED_YOMIURI.read_text(encoding="utf-8")))
    assert meta.published == PartialDate(2024, 12, 12)
    assert meta.source == "The Yomiuri Shimbun"
    assert meta.text.startswith("Security cooperation among Japan")
    assert "date 2024-12-12" not in meta.text
    assert meta.text.endswith("(From The Yomiuri Shimbun, Dec. 12, 2024)")
    assert meta.title is not None and meta.title.startswith("Security cooperation among Japan")
    assert len(meta.title) <= 90 and meta.title.endswith("…")


def test_seed_thanh_nien_metadata() -> None:
    text = normalise_text(SEED_THANH_NIEN.read_text(encoding="utf-8"))
    meta = extract_text_metadata(text)
    assert meta.dateline == "Washington"
    assert meta.published == PartialDate(None, 7, 30)
    assert meta.published.iso() == "--07-30"
    assert meta.source == "Thanh Nien Newspaper"
    assert meta.title is not None and meta.title.startswith("The US has just strengthened")
    assert meta.text.startswith("Washington [US], July 30:")  # datelines stay in the text
    # single-newline paragraphs became blank-line separated ones
    assert "\n\nNew chapter for US - Japan?\n\n" in meta.text


@pytest.mark.parametrize(
    ("first", "place", "agency"),
    [
        ("WASHINGTON (Reuters) - The head of a faction said so.", "Washington", "Reuters"),
        ("SEATTLE/WASHINGTON (Reuters) - Trump called on it.", "Seattle/Washington", "Reuters"),
        ("LONDON - Markets fell on Monday.", "London", None),
    ],
)
def test_agency_datelines(first: str, place: str, agency: str | None) -> None:
    meta = extract_text_metadata(first + "\n\nMore text follows here.")
    assert meta.dateline == place
    assert meta.source == agency


def test_headline_first_paragraph_becomes_title_and_byline_author() -> None:
    meta = extract_text_metadata(
        "Ad sales boost Time Warner profit\n\nBy Jane Smith\n\nQuarterly profits jumped 76%."
    )
    assert meta.title == "Ad sales boost Time Warner profit"
    assert meta.author == "Jane Smith"


def test_first_sentence_skips_abbreviations() -> None:
    assert first_sentence("The U.S. Defense Secretary Mr. Austin met him. Then he left.") == (
        "The U.S. Defense Secretary Mr. Austin met him."
    )


def test_shorten_cuts_at_word_boundary() -> None:
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-12-12", "2024-12-12"),
        ("Dec. 12, 2024", "2024-12-12"),
        ("July 30", "--07-30"),
        ("30 July 2024", "2024-07-30"),
        ("March 2023", "2023-03"),
        ("2019", "2019"),
        ("D:20241212093000+00'00'", "2024-12-12"),
    ],
)
def test_parse_date_keeps_unknown_parts_unknown(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso() == iso


@pytest.mark.parametrize("text", ["", "hello world", "2024-13-45", "Feb 30, 2023"])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_partial_date_round_trip_and_sort_key() -> None:
    for value in ("2024-12-12", "2024-12", "2024", "--07-30"):
        date = PartialDate.from_iso(value)
        assert date is not None and date.iso() == value
    assert PartialDate(2024, 12, None).sort_key == 20241200
    assert PartialDate(None, 7, 30).sort_key is None
