"""Metadata hidden in messy article text: date prefixes, datelines, source lines, titles.

Works on normalised text (paragraphs separated by blank lines). Only a leading
metadata prefix such as ``date 2024-12-12`` is removed from the body; datelines and
source lines are real content and stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_reader.core.dates import parse_date
from briefing_reader.core.model import PartialDate
from briefing_reader.core.textnorm import shorten

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_WORDS = rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:,?\s+\d{{4}})?)"

#: ``date 2024-12-12 Text…`` or ``Date: 12 Dec 2024`` glued to the start of the body.
_DATE_PREFIX = re.compile(
    rf"^\s*(?:date|published|posted|updated)\s*:?\s*(\d{{4}}-\d{{2}}-\d{{2}}|{_DATE_WORDS})[\s,;:]+",
    re.IGNORECASE,
)
#: ``Washington [US], July 30:`` / ``TOKYO, Dec. 12 (Kyodo) -``
_DATELINE_WITH_DATE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){{0,3}})"
    rf"(?:\s*\[[^\]\n]{{1,30}}\])?,\s*(?P<date>{_DATE_WORDS})"
    rf"(?:\s*\((?P<agency>[^)\n]{{2,40}})\))?\s*[:\-–—]\s+"
)
#: ``WASHINGTON (Reuters) -`` / ``WEST PALM BEACH, Fla./WASHINGTON (Reuters) -``
_DATELINE_AGENCY = re.compile(
    r"^(?P<place>[A-Z][^()\n:\"“]{1,60}?)\s*\((?P<agency>[A-Z][^)\n]{1,40})\)\s*[-–—]\s+"
)
#: ``LONDON -`` (an upper-case place with no agency)
_DATELINE_CAPS = re.compile(r"^(?P<place>[A-Z][A-Z .,'’/-]{1,40}?)\s*[-–—]\s+(?=[A-Z\"“])")
#: ``(From The Yomiuri Shimbun, Dec. 12, 2024)``
_FROM_LINE = re.compile(
    rf"^\(?\s*From\s+(?P<source>[^,()\n]{{2,80}}?)(?:,\s*(?P<date>{_DATE_WORDS}|\d{{4}}-\d{{2}}-\d{{2}}))?\s*\)?\.?$"
)
#: ``Source: Thanh Nien Newspaper``
_SOURCE_LINE = re.compile(
    r"^(?:Source|Sources|Via)\s*:\s*(?P<source>[^\n]{2,80}?)\.?$", re.IGNORECASE
)
#: ``By Jane Smith`` as a paragraph of its own near the top.
_BYLINE = re.compile(
    r"^By\s+(?P<author>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|van|von)){0,5})$"
)

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "rep",
        "sen",
        "gov",
        "pres",
        "rev",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_TITLE_MAX = 90
_HEADLINE_MAX = 140


@dataclass(slots=True)
class TextMetadata:
    """What the text itself says about the document."""

    text: str
    published: PartialDate | None = None
    source: str | None = None
    dateline: str | None = None
    author: str | None = None
    title: str | None = None


def _clean_place(place: str) -> str:
    """``SEATTLE/WASHINGTON`` → ``Seattle/Washington``; mixed case stays as written."""
    place = place.strip(" ,")
    return re.sub(r"[A-Z][A-Z'’-]{2,}", lambda m: m.group(0).capitalize(), place)


_PLACE_PARTICLES = frozenset({"de", "do", "da", "del", "la", "le", "of", "upon", "am", "an"})
_CAPITALISED_RUN = re.compile(r"[A-Z][\w/&.'’-]*(?:\s+[A-Z][\w/&.'’-]*)*")


def _is_place(place: str) -> bool:
    """A dateline's place is capitalised throughout ("WEST PALM BEACH, Fla.", "Rio de
    Janeiro"); "Trump on Twitter (Dec 28) -" is a headline, not a dateline."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", place)
    return bool(words) and all(w[0].isupper() or w in _PLACE_PARTICLES for w in words)


def _agency_name(text: str) -> str | None:
    """The agency's name out of the brackets: its leading capitalised words ("Reuters" of
    "Reuters on Friday "), or None when they are a date ("Dec 28")."""
    match = _CAPITALISED_RUN.match(text.strip())
    if match is None or parse_date(match.group(0)) is not None:
        return None
    return match.group(0)


def _dateline(first: str) -> tuple[str | None, PartialDate | None, str | None, int]:
    """Place, date, agency and the length of the dateline at the start of ``first``."""
    if m := _DATELINE_WITH_DATE.match(first):
        return _clean_place(m["place"]), parse_date(m["date"]), m["agency"], m.end()
    if (m := _DATELINE_AGENCY.match(first)) and _is_place(m["place"]):
        agency = _agency_name(m["agency"])
        if agency:
            return _clean_place(m["place"]), None, agency, m.end()
    if m := _DATELINE_CAPS.match(first):
        return _clean_place(m["place"]), None, None, m.end()
    return None, None, None, 0


def _source_lines(paragraphs: list[str]) -> tuple[str | None, PartialDate | None]:
    """Source and date from the closing lines (last three paragraphs, last first)."""
    for paragraph in reversed(paragraphs[-3:]):
        line = paragraph.strip()
        if m := _FROM_LINE.match(line):
            return m["source"].strip(), parse_date(m["date"]) if m["date"] else None
        if m := _SOURCE_LINE.match(line):
            return m["source"].strip(), None
    return None, None


def first_sentence(paragraph: str) -> str:
    """The first sentence of ``paragraph``, not fooled by ``U.S.`` or ``Mr.``."""
    for m in _SENTENCE_END.finditer(paragraph):
        before = paragraph[: m.start()].rsplit(None, 1)
        word = before[-1].lower().rstrip(".") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return paragraph[: m.end()].strip()
    return paragraph.strip()


def _is_headline(paragraph: str) -> bool:
    """Short and without closing punctuation: reads like a headline, not prose."""
    body = paragraph.strip()
    return 0 < len(body) <= _HEADLINE_MAX and not body.endswith((".", "!", '"', "”", ":"))


def derive_title(paragraphs: list[str], skip_prefix: int = 0) -> str | None:
    """A readable title: a headline-like first paragraph, else the first sentence."""
    for index, paragraph in enumerate(paragraphs[:3]):
        body = paragraph[skip_prefix:] if index == 0 else paragraph
        body = body.strip()
        if not body or _BYLINE.match(body):
            continue
        if _is_headline(body) and len(paragraphs) > 1:
            return shorten(body, _TITLE_MAX)
        return shorten(first_sentence(body).rstrip(".").rstrip(), _TITLE_MAX)
    return None


def extract_text_metadata(text: str) -> TextMetadata:
    """Find metadata in normalised ``text``; return it with any metadata prefix removed."""
    published: PartialDate | None = None
    if m := _DATE_PREFIX.match(text):
        published = parse_date(m.group(1))
        text = text[m.end() :]
    paragraphs = text.split("\n\n")
    dateline, dateline_date, agency, prefix_len = _dateline(paragraphs[0])
    if dateline is None and len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        # A headline often stands above the dateline paragraph.
        dateline, dateline_date, agency, _ = _dateline(paragraphs[1])
    source, source_date = _source_lines(paragraphs)
    author = None
    for paragraph in paragraphs[:4]:
        if m := _BYLINE.match(paragraph.strip()):
            author = m["author"]
            break
    return TextMetadata(
        text=text,
        published=published or source_date or dateline_date,
        source=source or agency,
        dateline=dateline,
        author=author,
        title=derive_title(paragraphs, prefix_len),
    )
