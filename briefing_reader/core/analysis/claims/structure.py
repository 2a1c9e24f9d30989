"""Document structure that is never a claim: datelines, headlines repeated as the first
line, photo and reporting credits, "Featured image", "(VIDEO)", "Read more" and the like.

These are found from the shape of the text (where a line stands, its punctuation and
capitals), so they hold for any publication, not a list of sites.
"""

from __future__ import annotations

import re

from briefing_reader.core.analysis.entities import title_case_line

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:(?:\s|,\s|/)+{_PLACE_WORD}){{0,4}}"  # "WASHINGTON/NEW YORK"
_BRACKET = r"\s*[\[(][A-Za-z .&-]{1,30}[\])]"
_DATE = rf",?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"

#: A dateline opening a paragraph: "WASHINGTON (Reuters) - ", "LONDON -- ",
#: "Washington [US], July 30: ", "BEIJING, Dec 5 (Reuters) - ". A colon needs a bracket
#: or a date ("PENCE: …" is a transcript label), a dash needs one or a place in capitals.
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})?(?P<bracket>{_BRACKET})?(?P<date>{_DATE})?(?P<bracket2>{_BRACKET})?"
    r"\s*(?P<end>:|--|—|–|-)\s+"
)


#: What wire copy may put before its dateline: an editor's note in brackets and a byline,
#: "(In this Dec. 8 story, corrects …) By Jonathan Spicer and Rob Cox NEW YORK (Reuters) - ".
_NAME_WORDS = r"[A-Z][a-z][\w.'’-]*(?: [A-Z](?:\.|[a-z][\w.'’-]*)){0,3}"
_NOTE_AND_BYLINE = re.compile(
    rf"(?:\(\(?[^)\n]{{20,300}}\)\)?\s*)?(?:By {_NAME_WORDS}(?:,? and {_NAME_WORDS})?\s+)?"
)

#: A date stamp opening a paragraph: "date 2024-12-12 ", "2024-12-12: ".
_DATE_STAMP = re.compile(r"(?:date:?\s+)?\d{4}-\d{2}-\d{2}(?:\s*[:-])?\s+", re.IGNORECASE)


_WIRE = re.compile(r"\s*\((?:[A-Z][a-z]+|[A-Z]{2,})\)")


def dateline_end(text: str, start: int) -> int:
    """Where the dateline opening the paragraph at ``start`` ends, or ``start``."""
    if start > 0 and text[start - 1] != "\n":
        return start
    stamp = _DATE_STAMP.match(text, start, min(len(text), start + 30))
    if stamp is not None:
        return stamp.end()
    opening = _NOTE_AND_BYLINE.match(text, start, min(len(text), start + 400)).end()
    match = _DATELINE.match(text, opening, min(len(text), opening + 90))
    if match is None or not (match["place"] or _WIRE.fullmatch(match["bracket"] or "")):
        return start  # without a place, only a wire: "(Reuters) - "
    marked = match["bracket"] or match["date"] or match["bracket2"]
    if match["end"] == ":" and not marked:
        return start
    letters = [c for c in match["place"] or "" if c.isalpha()]
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

#: The same furniture run into a sentence, often without a space: "… right?Featured image
#: via …", "… below:Photo by …", "… HARMONFeatured image via …".
_TRAILING = re.compile(
    r"\(?(?:(?i:featured\s+(?:image|photo))|Image\s+via|Photo\s+by|Photo\s+via)\b.*$",
    re.DOTALL,
)

#: How a sentence ends: its stop, perhaps inside closing quotes or brackets. A headline
#: may end in a quotation ("Rank 'set to sell off film unit'") but not in a stop.
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")


#: Reporters' credits that start with their names: "Bryant Rousseau and Caryn Wilson
#: contributed reporting.", "Julie Davis reported from Midway Atoll, and …".
_NAMED_CREDIT = re.compile(
    r"(?:[A-Z][\w.'’-]*,?\s(?:and\s)?){1,8}(?:contributed\s+(?:reporting|research|to\s+th)|"
    r"reported\s+from\s+[A-Z])"
)


def is_furniture(text: str) -> bool:
    """A credit line, a link prompt or a line marked as media ("… (VIDEO)"), not
    something asserted."""
    line = text.lstrip(" \t\"“'‘-—–•*")
    return bool(_FURNITURE.match(line) or _NAMED_CREDIT.match(line) or _MARKER.search(text))


_LEADING = re.compile(r"\((?:Photo|Image|Picture|Featured image)\b[^)\n]{0,120}\)\s*")


def leading_furniture(text: str, start: int, end: int) -> int:
    """``start`` moved past a credit in brackets run into the sentence's start:
    "(Photo by Tasos Katopodis/Getty Images)You'll note …"."""
    match = _LEADING.match(text, start, end)
    return match.end() if match else start


def trailing_furniture(text: str, start: int, end: int) -> int:
    """``end`` moved back before a credit run into the sentence's end."""
    match = _TRAILING.search(text, start, end)
    if match is None or match.start() <= start:
        return end
    cut = match.start()
    while cut > start and text[cut - 1].isspace():
        cut -= 1
    return cut


_WORD = re.compile(r"[A-Za-z][\w'’*-]*")
_MINOR = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "up",
        "via",
        "with",
    ]
)


def _capitalised(line: str) -> bool:
    """Nearly every word but the minor ones capitalised, as in a headline whose odd word
    ("Sh*t?!") defeats the strict title-case test."""
    words = [w for w in _WORD.findall(line) if w.lower() not in _MINOR]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.9 * len(words)


def is_headline(text: str, start: int, end: int) -> bool:
    """The first paragraph standing as a headline: a short line with more text below it,
    that has no sentence's closing punctuation, is in title case, or stands above a
    paragraph opening with a dateline."""
    if text[:start].strip():
        return False
    line_end = text.find("\n", start)
    if line_end < 0 or not text[line_end:].strip():
        return False
    line = text[start:line_end].strip()
    if not line or len(line.split()) > 25 or dateline_end(text, start) > start:
        return False
    if not _SENTENCE_END.search(line) or title_case_line(text, start) or _capitalised(line):
        return True
    below = line_end + len(text[line_end:]) - len(text[line_end:].lstrip())
    return dateline_end(text, below) > below  # the story opens below it with its dateline


_MARKER = re.compile(r"[\[(](?:VIDEO|WATCH|PHOTOS?|AUDIO|TWEETS?|VIDEOS|IMAGES?)[\])]")
