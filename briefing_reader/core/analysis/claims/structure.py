"""Document structure that is never a claim: datelines, headlines repeated as the first
line, photo and reporting credits, "Featured image", "(VIDEO)", "Read more" and the like.

These are found from the shape of the text (where a line stands, its punctuation and
capitals), so they hold for any publication, not a list of sites.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:(?:\s|,\s)+{_PLACE_WORD}){{0,3}}"
_BRACKET = r"\s*[\[(][A-Za-z .&-]{1,30}[\])]"
_DATE = rf",?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"

#: A dateline opening a paragraph: "WASHINGTON (Reuters) - ", "LONDON -- ",
#: "Washington [US], July 30: ", "BEIJING, Dec 5 (Reuters) - ". A colon needs a bracket
#: or a date ("PENCE: …" is a transcript label), a dash needs one or a place in capitals.
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})(?P<bracket>{_BRACKET})?(?P<date>{_DATE})?(?P<bracket2>{_BRACKET})?"
    r"\s*(?P<end>:|--|—|–|-)\s+"
)


#: A date stamp opening a paragraph: "date 2024-12-12 ", "2024-12-12: ".
_DATE_STAMP = re.compile(r"(?:date:?\s+)?\d{4}-\d{2}-\d{2}(?:\s*[:-])?\s+", re.IGNORECASE)


def dateline_end(text: str, start: int) -> int:
    """Where the dateline opening the paragraph at ``start`` ends, or ``start``."""
    if start > 0 and text[start - 1] != "\n":
        return start
    stamp = _DATE_STAMP.match(text, start, min(len(text), start + 30))
    if stamp is not None:
        return stamp.end()
    match = _DATELINE.match(text, start, min(len(text), start + 90))
    if match is None:
        return start
    marked = match["bracket"] or match["date"] or match["bracket2"]
    if match["end"] == ":" and not marked:
        return start
    letters = [c for c in match["place"] if c.isalpha()]
    if not marked and not (len(letters) >= 3 and all(c.isupper() for c in letters)):
        return start
    return match.end()


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Every paragraph-opening dateline of ``text``."""
    spans = []
    for start in (0, *(m.end() for m in re.finditer(r"\n", text))):
        end = dateline_end(text, start)
        if end > start:
            spans.append((start, end))
    return spans


#: Credits and page furniture: a line (or the tail of one) that starts like this is none
#: of the article's claims.
_FURNITURE = re.compile(
    r"(?:featured\s+image|featured\s+photo|image\s+(?:via|by|credit|source)|photo\s+(?:by|via|credit)|"
    r"photograph:|picture:|(?:top|header)\s+image|screenshot|screen\s+capture|"
    r"\(?\s*reporting\s+by|\(?\s*(?:additional\s+reporting|writing|editing)\s+by|"
    r"read\s+more|related:|click\s+here|watch\b[^.!?\n]{0,40}:|"
    r"subscribe\b|follow\s+(?:us|him|her)\s+on|share\s+this|all\s+rights\s+reserved|copyright|"
    r"source:|\(from\s|from\s+the\s|h/t\b|\(video\)|\[video\]|video:)",
    re.IGNORECASE,
)

#: The same furniture run into the end of a sentence: "… right?Featured image via …".
_TRAILING = re.compile(
    r"(?<=[.!?”\"’)])\s*(?:Featured\s+[Ii]mage|Image\s+via|Photo\s+by|Photo\s+via)\b.*$",
    re.DOTALL,
)

_FINAL_PUNCTUATION = ".!?…\"”’'):;"


def is_furniture(text: str) -> bool:
    """A credit line, a link prompt or a line marked as media ("… (VIDEO)"), not
    something asserted."""
    return bool(_FURNITURE.match(text.lstrip(" \t\"“'‘-—–•*")) or _MARKER.search(text))


def trailing_furniture(text: str, start: int, end: int) -> int:
    """``end`` moved back before a credit run into the sentence's end."""
    match = _TRAILING.search(text, start, end)
    if match is None or match.start() <= start:
        return end
    cut = match.start()
    while cut > start and text[cut - 1].isspace():
        cut -= 1
    return cut


def is_headline(text: str, start: int, end: int) -> bool:
    """The first paragraph standing as a headline: a short line without a sentence's
    closing punctuation, with more text below it."""
    if text[:start].strip():
        return False
    line_end = text.find("\n", start)
    if line_end < 0 or not text[line_end:].strip():
        return False
    line = text[start:line_end].strip()
    return bool(line) and len(line.split()) <= 25 and line[-1] not in _FINAL_PUNCTUATION


_MARKER = re.compile(r"[\[(](?:VIDEO|WATCH|PHOTOS?|AUDIO|TWEETS?|VIDEOS|IMAGES?)[\])]")
