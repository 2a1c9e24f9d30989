"""Which people a document calls "he" and which "she", from the document itself.

No name list ships with the app, and first names are a poor guide across the names of
world news. The text says it more reliably: honorifics ("Mr. Obama", "Ms. Suu Kyi"),
gendered roles next to the name ("the 34-year-old mother of three"), and the pronoun
used in a sentence about that one person ("Clinton said she …"). A person whose
evidence is mixed stays unknown, so agreement only ever rules candidates out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from briefing_reader.core.analysis.claims.quotes import in_regions
from briefing_reader.core.analysis.claims.subjects import mention_at
from briefing_reader.core.analysis.entities import Mention

MALE, FEMALE = "m", "f"

_PRONOUN_GENDER = {
    "he": MALE,
    "him": MALE,
    "his": MALE,
    "himself": MALE,
    "she": FEMALE,
    "her": FEMALE,
    "hers": FEMALE,
    "herself": FEMALE,
}

_HONORIFIC = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Mme|Dame|Lady))\.?\s+$")

_ROLE_GENDER = {
    **dict.fromkeys(
        [
            "father",
            "husband",
            "son",
            "brother",
            "uncle",
            "grandfather",
            "king",
            "prince",
            "congressman",
            "chairman",
            "spokesman",
            "businessman",
            "actor",
            "widower",
            "boyfriend",
        ],
        MALE,
    ),
    **dict.fromkeys(
        [
            "mother",
            "wife",
            "daughter",
            "sister",
            "aunt",
            "grandmother",
            "queen",
            "princess",
            "congresswoman",
            "chairwoman",
            "spokeswoman",
            "businesswoman",
            "actress",
            "widow",
            "girlfriend",
        ],
        FEMALE,
    ),
}


@lru_cache(maxsize=1)
def _gendered_ids() -> frozenset[int]:
    """Hashes of the words above, to pick them out of ``doc.to_array("LOWER")`` (spaCy is
    imported on first use: the window and the CLI import this package without it)."""
    from spacy.strings import get_string_id

    return frozenset(get_string_id(word) for word in (*_PRONOUN_GENDER, *_ROLE_GENDER))


#: Votes an honorific or a gendered role counts for, against one pronoun's.
_STRONG = 3


def pronoun_gender(word: str) -> str | None:
    """The gender "he", "her" or a role such as "businessman" or "mother" implies."""
    lower = word.lower()
    return _PRONOUN_GENDER.get(lower) or _ROLE_GENDER.get(lower)


def person_genders(
    doc, regions: list[tuple[int, int]], people: list[Mention], text: str
) -> dict[str, str]:
    """Canonical name → MALE or FEMALE, where the document's evidence agrees (two
    thirds of the votes or more); people outside ``people`` are not judged. ``text`` is
    ``doc.text`` (spaCy rebuilds it on every access)."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: {MALE: 0, FEMALE: 0})
    for m in people:
        honorific = _HONORIFIC.search(text, max(0, m.start - 6), m.start)
        if honorific is None:
            honorific = _HONORIFIC.search(m.text[:6] + " ")  # "Mrs. Clinton" kept whole
        if honorific is not None:
            votes[m.canonical][MALE if honorific.group(1) else FEMALE] += _STRONG
    wanted = _gendered_ids()
    lowers = doc.to_array("LOWER").tolist()  # reading each token's attributes costs more
    for token in (doc[i] for i, lower in enumerate(lowers) if lower in wanted):
        gender = _PRONOUN_GENDER.get(token.lower_)
        if gender is not None and not in_regions(token.idx, regions):
            person = _clause_subject(token, people)
            if person is not None:
                votes[person.canonical][gender] += 1
        role = _ROLE_GENDER.get(token.lower_)
        if role is not None and token.dep_ == "appos":
            person = _mention_of(token.head, people)
            if person is not None:
                votes[person.canonical][role] += _STRONG
    genders = {}
    for canonical, count in votes.items():
        total = count[MALE] + count[FEMALE]
        for gender in (MALE, FEMALE):
            if count[gender] * 3 >= total * 2 and count[gender] > 0:
                genders[canonical] = gender
    return genders


def _mention_of(token, people: list[Mention]) -> Mention | None:
    return mention_at(people, token.idx, token.idx + len(token))


def _clause_subject(pronoun, people: list[Mention]) -> Mention | None:
    """The person a pronoun plainly refers to: the subject of its own clause ("Clinton
    spoke about her ties") or, for a subject pronoun, of the clause reporting it
    ("Clinton said she …"). Pronouns anywhere else are left alone: "Warren told Stumpf
    after he admitted …" says nothing about Warren."""
    head = pronoun.head
    reported = pronoun.dep_ == "nsubj" and head.dep_ == "ccomp"
    owned = pronoun.dep_ == "poss" and head.dep_ == "dobj" and head.tag_.startswith("NN")
    if not (reported or owned):
        return None
    subjects = [c for c in head.head.children if c.dep_ == "nsubj"]
    return _mention_of(subjects[0], people) if subjects else None
