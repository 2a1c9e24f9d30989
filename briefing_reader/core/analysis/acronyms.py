"""Acronyms a document defines: "the North Atlantic Treaty Organization (NATO)".

Within the document every later "NATO" is that organisation; across the library, the
definition is the evidence that lets a document saying only "NATO" join it
(:mod:`briefing_reader.core.analysis.identity`).
"""

from __future__ import annotations

import re

#: "(NATO)", "(ISIL)", "(U.N.)" right after a name.
_DEFINED = re.compile(r"[ \t]*\(([A-Z][A-Za-z&.]{1,11})\)")
_MINOR = frozenset({"of", "the", "and", "for", "on", "in", "to", "&", "de", "du", "la"})


def initials(name: str) -> str:
    """Upper-case initials of a name's words, minor words and hyphenated parts aside
    ("Islamic State of Iraq and the Levant" → "ISIL", "Asia-Pacific" → "AP")."""
    letters = []
    for word in re.split(r"[\s-]+", name):
        if word and word.lower() not in _MINOR and word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)


_WORD = re.compile(r"\S+")


def definitions(text: str) -> list[tuple[str, int, int, int, int]]:
    """(acronym, start, end of the full name, start, end of the acronym) for every
    "Full Name (FN)" in ``text``: the shortest run of words before the bracket whose
    initials spell the acronym's capitals and which starts with a capital (the
    Schwartz–Hearst reading of abbreviation definitions, restricted to names)."""
    found = []
    for match in _DEFINED.finditer(text):
        acronym = match.group(1)
        letters = "".join(c for c in acronym if c.isupper())
        if len(letters) < 2:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        words = list(_WORD.finditer(text, max(line_start, match.start() - 160), match.start()))
        for k in range(1, min(len(words), len(letters) * 2 + 3) + 1):
            first = words[-k]
            if not first.group()[0].isupper() or first.group().lower() in _MINOR:
                continue
            name = text[first.start() : words[-1].end()]
            if name[-1] in ",;:" or initials(name) != letters:
                continue
            found.append((acronym, first.start(), words[-1].end(), match.start(1), match.end(1)))
            break
    return found
