"""Parse dates as people write them, keeping unknown parts unknown.

ISO forms are handled here directly (fast, no dependency); anything else goes to
dateparser, loaded only when needed because importing it costs a few hundred ms.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from types import ModuleType

from briefing_reader.core.model import PartialDate

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?\s*$")
_COMPACT = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})(\d{2})")  # PDF: D:20241212093000
_YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|2[01]\d{2})(?!\d)")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.IGNORECASE
)
_DAY = re.compile(r"(?<!\d)([0-3]?\d)(?:st|nd|rd|th)?(?!\d)")


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year == 0:  # there is no year 0 (and Python's dates start at 1)
        return False
    try:
        dt.date(year or 2000, month or 1, day or 1)  # 2000 is a leap year: 29 Feb is fine
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _dateparser() -> ModuleType:  # pragma: no cover - trivial
    import dateparser

    return dateparser


def parse_date(text: str | None) -> PartialDate | None:
    """Best reading of ``text`` as a date; None when it is not one.

    Never invents a year: "July 30" gives ``--07-30``.
    """
    if not text or not text.strip() or len(text) > 80:
        return None
    if m := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in m.groups())
        return PartialDate(year, month, day) if _valid(year, month, day) else None
    if m := _COMPACT.match(text):
        year, month, day = (int(g) for g in m.groups())
        return PartialDate(year, month, day) if _valid(year, month, day) else None
    has_year = _YEAR.search(text)
    has_month = _MONTH_NAME.search(text)
    if not has_month and not has_year:
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = _dateparser().parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    numeric = re.search(r"\d{1,2}[/.-]\d{1,2}", text)
    without_year = _YEAR.sub(" ", text)
    year = parsed.year if has_year else None
    month = parsed.month if (has_month or numeric) else None
    day = parsed.day if (numeric or (has_month and _DAY.search(without_year))) else None
    if year is None and month is None:
        return None
    if month is None:
        day = None
    return PartialDate(year, month, day)
