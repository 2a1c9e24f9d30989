"""How the window names entity labels and dates: short, for legends and lists."""

from __future__ import annotations

from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.core.partial_date import PartialDate

SHORT_NAMES = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries & cities",
    "LOC": "Other places",
    "NORP": "Groups",
    "TITLE": "Titles",
    "EQUIPMENT": "Equipment",
    "LAW": "Agreements & laws",
    "EVENT": "Events",
    "DATE": "Dates",
    "MONEY": "Money",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def short_name(label: str) -> str:
    if label in SHORT_NAMES:
        return SHORT_NAMES[label]
    known = LABELS.get(label)
    return known.description if known else label.title()


def display_date(iso: str | None) -> str:
    """``2024-12-12`` → "12 Dec 2024"; ``--07-30`` → "30 Jul" (year unknown)."""
    date = PartialDate.from_iso(iso)
    if date is None:
        return iso or ""
    parts: list[str] = []
    if date.day is not None:
        parts.append(str(date.day))
    if date.month is not None and 1 <= date.month <= 12:
        parts.append(MONTHS[date.month - 1])
    if date.year is not None:
        parts.append(str(date.year))
    return " ".join(parts)
