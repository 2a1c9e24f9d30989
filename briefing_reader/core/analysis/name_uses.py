"""The evidence identity decisions read, gathered from a document's mentions.

Pure (no database, no spaCy): :mod:`briefing_reader.core.entity_links` feeds it rows read
from the library, and the entity benchmark feeds it the rows of documents it analysed,
so both decide links the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from briefing_reader.core.analysis.identity import (
    Key,
    NameUse,
    Resolution,
    context_of,
    groups_of,
    last_word,
    resolve_library,
    spelling_key,
)

#: Labels whose mentions are evidence (titles only say who holds them).
GATHERED_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "TITLE")
_HONORIFIC = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Mme|Dame|Lady))\.?\s+$")
#: Characters between a title and the name it precedes ("President Trump", "Sen. Warren").
_TITLE_GAP = 2

#: document, start, end, text, label, name, the characters before a person's name
MentionRow = tuple[int, int, int, str, str, str, str | None]


def mention_row(
    doc_id: int, text: str, start: int, end: int, written: str, label: str, name: str
) -> MentionRow:
    """One mention as evidence, with the characters before a person's name (for an
    honorific) read from the document's ``text``."""
    before = None
    if label == "PERSON" and text[start - 1 : start] == " ":
        before = text[max(0, start - 6) : start]
    return (doc_id, start, end, written, label, name, before)


def groups_in(rows: Iterable[MentionRow]) -> set[str]:
    """The groups of the names in ``rows``: what a change to their documents re-decides."""
    return {group for use in _uses(rows) for group in groups_of(use)}


def decide(
    rows: Iterable[MentionRow],
    doc_ids: Iterable[int] | None = None,
    blocked: set[Key] | None = None,
    groups: set[str] | None = None,
) -> tuple[list[NameUse], Resolution]:
    """The uses decided and their links: of ``doc_ids`` and every document sharing a group
    with them or in ``groups`` (every document when both are None); ``blocked`` names
    stay as they are."""
    uses = _uses(rows)
    context = context_of(uses)  # every document's names: the topic evidence
    if doc_ids is not None or groups is not None:
        wanted = set(doc_ids or ())
        touched = set(groups or ())
        touched |= {g for use in uses if use.doc_id in wanted for g in groups_of(use)}
        uses = [use for use in uses if touched & groups_of(use)]
    uses = [use for use in uses if use.label != "TITLE"]
    if not uses:
        return [], Resolution()
    return uses, resolve_library(uses, blocked, context)


def _uses(rows: Iterable[MentionRow]) -> list[NameUse]:
    """Mentions folded into one :class:`NameUse` per document and name, with the honorifics
    and titles written before them."""
    by_doc: dict[int, list[MentionRow]] = defaultdict(list)
    for row in rows:
        by_doc[row[0]].append(row)
    uses: list[NameUse] = []
    for doc_id, mentions in by_doc.items():
        forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        genders: dict[tuple[str, str], set[str]] = defaultdict(set)
        titles: dict[tuple[str, str], set[str]] = defaultdict(set)
        last_title: tuple[int, str] | None = None
        for _, start, end, text, label, name, before in mentions:
            if label == "TITLE":
                last_title = (end, text)
                continue
            key = (label, name)
            if label == "PERSON" and last_word(text) not in spelling_key(name).split():
                forms.setdefault(key, set())  # a title standing for the person, not a form
            else:
                forms[key].add(" ".join(text.split()))
            if before:
                honorific = _HONORIFIC.search(before)
                if honorific is not None:
                    genders[key].add("m" if honorific.group(1) else "f")
            if last_title is not None and 0 < start - last_title[0] <= _TITLE_GAP:
                titles[key].add(last_title[1])
        for key, written in forms.items():
            gender = genders.get(key)
            uses.append(
                NameUse(
                    doc_id,
                    key[0],
                    key[1],
                    frozenset(written),
                    next(iter(gender)) if gender and len(gender) == 1 else None,
                    frozenset(titles.get(key, ())),
                )
            )
    return uses
