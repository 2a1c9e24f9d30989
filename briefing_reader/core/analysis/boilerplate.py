"""Stretches of a document that are about the page, not the news: credits and media tags.

Web copy carries photo credits ("Featured image via Win McNamee/Getty Images",
"Photo by Scott Olson/Getty Images", often glued to the sentence before or after it),
agency credits ("Alex Wong/Getty Images") and media tags in headlines ("(VIDEO)",
"[TWEETS]"). The names in them are photographers and agencies, not people or
organisations the article is about, so no entity mention or claim comes from them.

Order of decisions: a credit introduced by its lead words ("Featured image via",
"Photo by", "Image credit:") runs to the end of the credit (an agency such as Getty
Images, a sentence end, a line end, or a capital glued to a lower-case letter where the
next sentence was run into it); a bare agency credit is names joined to an agency by a
slash; a media tag is a bracketed word from a short list of media kinds. Only these
shapes count: an ordinary sentence that mentions Getty Images is left alone.
"""

from __future__ import annotations

import re

_AGENCY = r"(?:Getty\s+Images|AFP|AP(?:\s+Photo)?|Reuters|EPA|Pool|Shutterstock|Flickr|Wikimedia(?:\s+Commons)?)"

#: "Featured image via …", "Photo by …", "Image credit: …", "Picture courtesy of …".
_LEAD_CREDIT = re.compile(
    r"\b(?:(?:Featured|Feature|Header|Top|Cover)\s+(?i:image|photo|picture)"
    r"|(?:Photo|Image|Picture|Photograph)s?(?:\s+(?i:credit))?)"
    r"\s*(?i:via|by|from|courtesy(?:\s+of)?|credit|:)[:\s]"
    # the credit itself, lazily, up to where it ends
    r"[^\n]{0,120}?"
    r"(?:(?<=Images)(?:\s*\((?:pool|Pool)\))?"  # an agency closes it
    r"|(?=\.\s|\.?$|\n)"  # a sentence or line end
    r"|(?<=[a-z]{3})(?=[A-Z][a-z])|(?<=[)\]])(?=[A-Z]))",  # a sentence glued on ("FacebookHe")
    re.MULTILINE,
)

#: "Alex Wong/Getty Images", "ROBYN BECK/AFP/Getty Images", "Olivier Douliery Pool/Getty".
_AGENCY_CREDIT = re.compile(
    r"(?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*(?:[ \t]*/[ \t]*[A-Z][\w.'’-]*)*"
    r"[ \t]*/[ \t]*" + _AGENCY + r"(?:/" + _AGENCY + ")*"
)

#: "(VIDEO)", "[TWEETS]", "(SCREENSHOTS)": what the page embeds, not what happened.
_MEDIA_TAG = re.compile(
    r"[(\[](?:VIDEOS?|TWEETS?|IMAGES?|PHOTOS?|SCREENSHOTS?|AUDIO|DETAILS|WATCH|GRAPHIC|"
    r"GRAPHIC VIDEO|LIVE|BREAKING|UPDATED?|EXCLUSIVE)[)\]]"
)

#: "Read more: …" to the end of its line.
_READ_MORE = re.compile(r"\b(?:Read|READ)\s+(?:more|MORE|the full story)\s*:[^\n]*")

_PATTERNS = (_LEAD_CREDIT, _AGENCY_CREDIT, _MEDIA_TAG, _READ_MORE)


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character ranges of credits and media tags in ``text``."""
    found = sorted(
        (m.start(), m.end())
        for pattern in _PATTERNS
        for m in pattern.finditer(text)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` touches any of the sorted, disjoint ``spans``."""
    from bisect import bisect_right

    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end
