"""One name, one reading in a document: occurrences the model missed are the name too.

The statistical model reads each occurrence of a name in its own context, and misses
some: a title-case headline ("Minister for the Middle East Tobias Ellwood comments on
…"), a list, a sentence it parses oddly. When the same document names "Tobias Ellwood"
as a person elsewhere, every other occurrence of those exact words is that person.

A one-word name spreads only where its capital cannot come from the position (not
opening a sentence or a line) and when it is no ordinary English word, month or day:
"Trump" in mid-sentence is the person, "May" or "Bill" is not spread at all. A ship
named with its navy's prefix ("USS Oakhill") is the ship when named alone ("Oakhill").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from briefing_reader.core.analysis import lexicon as lex
from briefing_reader.core.analysis.boilerplate import overlaps
from briefing_reader.core.analysis.name_lists import SHIP_PREFIXES

#: Labels whose names are spread to the occurrences the model missed.
SPREAD_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EQUIPMENT", "LAW"})
_CALENDAR = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
     "Friday", "Saturday", "Sunday"}
)  # fmt: skip
_OPENING = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[\n]\s*)$")


def _spreads_alone(word: str) -> bool:
    """A one-word name that can only be a name wherever it is written in mid-sentence."""
    if len(word) < 3 or word in _CALENDAR or not word[:1].isupper():
        return False
    lower = word.lower()
    return not (lex.is_noun(lower) or lex.is_adjective(lower) or lex.is_verb(lower))


def spread_names(
    doc: Doc,
    spans: list[Span],
    text: str,
    excluded: list[tuple[int, int]],
    is_noise: Callable[[Span], bool],
) -> list[Span]:
    """``spans`` plus the missed occurrences of their names (outside ``excluded`` ranges
    such as credits, and not ``is_noise``); spans must not overlap and be in order."""
    names: dict[str, str] = {}
    for span in spans:
        if span.label_ in SPREAD_LABELS and (len(span) > 1 or _spreads_alone(span.text)):
            names.setdefault(span.text, span.label_)
        if span.label_ == "EQUIPMENT" and len(span) > 1 and span[0].text in SHIP_PREFIXES:
            bare = span[1:].text  # "USS Oakhill", then "Oakhill"
            if len(span) > 2 or _spreads_alone(bare):
                names.setdefault(bare, "EQUIPMENT")
    if not names:
        return spans
    taken = [(s.start_char, s.end_char) for s in spans]
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    added = []
    for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        start, end = match.span()
        if overlaps(taken, start, end) or (excluded and overlaps(excluded, start, end)):
            continue
        name = match.group()
        if " " not in name and _OPENING.search(text, max(0, start - 3), start):
            continue  # a capital that may come from the position
        found = doc.char_span(start, end, label=names[name])
        if found is not None and not is_noise(found):
            added.append(found)
    if not added:
        return spans
    return sorted(spans + added, key=lambda s: s.start)
