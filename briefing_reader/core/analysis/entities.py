"""Mentions out of an analysed document, with canonical names resolved within it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from briefing_reader.core.analysis import gazetteer as gz
from briefing_reader.core.analysis import name_lists
from briefing_reader.core.analysis import organisations as orgs
from briefing_reader.core.model import Mention as Mention  # re-exported

_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """One spelling per name: single spaces, straight apostrophes."""
    return _SPACES.sub(" ", text.replace("’", "'")).strip()


#: Words a title-case headline leaves in lower case.
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "nor", "of",
     "off", "on", "onto", "or", "over", "per", "than", "the", "to", "up", "upon", "via", "vs",
     "vs.", "with"}
)  # fmt: skip
_LINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def title_case_line(text: str, char: int, cache: dict[int, bool] | None = None) -> bool:
    """True when the line holding ``char`` is a title-case headline or caption.

    Every word there but the minor ones is capitalised ("Derelict Obama and Clinton",
    "Obama Says Museum Will Tell of …"), so capitals say nothing about names in it.
    ``cache`` (line start → answer) saves re-reading a line.
    """
    start = text.rfind("\n", 0, char) + 1
    if cache is not None and start in cache:
        return cache[start]
    end = text.find("\n", char)
    words = _LINE_WORD.findall(text[start : len(text) if end < 0 else end])
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    answer = len(content) >= 3 and all(w[0].isupper() for w in content)
    if cache is not None:
        cache[start] = answer
    return answer


def _never(pos: int) -> bool:
    return False


#: Words that make a name another generation's: "Donald Trump Jr." is not "Donald Trump".
_GENERATIONS = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def _senior_first(candidates: set[str]) -> set[str]:
    """A surname alone is the person without the generational suffix when both are named
    ("Trump" with "Donald Trump" and "Donald Trump Jr."): the son is "Trump Jr."."""
    plain = {c for c in candidates if not set(c.split()) & _GENERATIONS}
    juniors = {
        c
        for c in candidates - plain
        if " ".join(w for w in c.split() if w not in _GENERATIONS) in plain
    }
    return candidates - juniors


def _person_resolver(
    names: list[tuple[int, str]], in_headline: Callable[[int], bool] = _never
) -> dict[str, str]:
    """Map person mentions to the full name they refer to in this document.

    "Austin" → "Lloyd Austin", "Yoon" → "Yoon Suk Yeol", "Minoru" → "Minoru Kihara":
    a name resolves to a longer name containing all its words, the nearest one
    introduced before it, else the first after it, and on to the name that one
    resolves to ("Trump" → "Donald Trump" → "Donald J. Trump"). Ambiguous cases (two
    different longer names fit equally) stay as written.

    A surname the text keeps using on its own before any full name with it names
    someone else: "Obama", eleven times before a late "Michelle Obama", stays
    "Obama". That is when its uses before the full name (those ``in_headline``, in a
    title-case line, aside) outnumber its uses after it and the full name's together.
    """
    full = [(pos, name) for pos, name in names if " " in name]
    words_of = {name: set(name.split()) for _, name in names}
    resolved: dict[str, str] = {}

    def final(name: str) -> str:
        seen = {name}
        while name in resolved and resolved[name] not in seen:
            name = resolved[name]
            seen.add(name)
        return name

    # longer names first, so candidates are already resolved
    for name in sorted(words_of, key=lambda n: (-len(words_of[n]), n)):
        fits = [
            (p, n)
            for p, n in full
            if n != name
            and words_of[name] < words_of[n]
            and not words_of[n] - words_of[name] <= _GENERATIONS  # "Donald Trump Jr." is another
        ]
        fits = [(p, final(n)) for p, n in fits if final(n) != name]
        if not fits:
            continue
        target = None
        after = before_any = 0
        for pos, n in names:
            if n != name:
                continue
            before = [c for c in fits if c[0] <= pos]
            if before:
                after += 1
            elif not in_headline(pos):
                before_any += 1
            candidates = _senior_first({c for _, c in (before or fits)})
            if len(candidates) == 1:
                target = candidates.pop()
        if target is None:
            continue
        surname = " " not in name and not target.startswith(name + " ")
        if surname and before_any > after + len(fits):
            continue
        resolved[name] = target
    return {name: final(name) for name in resolved}


def canonical_for(label: str, text: str) -> str:
    """The library-wide name for a mention before within-document resolution."""
    name = normalise_name(text)
    if label == "GPE":
        return gz.canonical_country(name) or name
    if label == "ORG":
        return orgs.PARTY_ALIASES.get(name, name)
    return name


#: Last words that make a "person" an organisation ("Thanh Nien Newspaper").
ORG_WORDS = frozenset(
    {
        "University",
        "Institute",
        "Newspaper",
        "News",
        "Times",
        "Post",
        "Agency",
        "Ministry",
        "Council",
        "Center",
        "Centre",
        "Foundation",
        "Party",
        "Bank",
        "Company",
        "Corporation",
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "LLC",
        "Ltd",
        "Ltd.",
        "plc",
        "PLC",
        "Group",
    }
)


def _names_source(name: str, source: str) -> bool:
    """True when ``name`` is the publication itself ("Thanh Nien" of "Thanh Nien Newspaper")."""
    source = normalise_name(source)
    if source.startswith("The "):
        source = source[4:]
    if len(name) < 4 or gz.canonical_country(name):
        return False
    return source == name or source.startswith(name + " ")


def _relabel(
    label: str,
    text: str,
    person_words: dict[str, set[str]],
    source: str | None,
    ships: frozenset[str] | set[str] = frozenset(),
) -> str:
    """Fix labels using the rest of the document.

    A word of a person's full name is that person ("Nakatani asked", "Austin and
    Minoru"), a ship's name without its prefix is the ship ("Forbin" after "FS
    Forbin"), a name ending in "University" is an organisation, and the document's own
    source ("Thanh Nien") is the publication.
    """
    name = normalise_name(text)
    if label in _NAME_LABELS and name in ships:
        return "EQUIPMENT"
    if source and label in {"PERSON", "ORG"} and _names_source(name, source):
        return "ORG"
    single_word = " " not in name
    if (
        label in {"ORG", "GPE", "NORP", "LOC"}
        and single_word
        and any(name in words for words in person_words.values())
    ):
        return "PERSON"
    if label == "PERSON" and name.split()[-1] in ORG_WORDS:
        return "ORG"
    return label


#: Labels of names that can stand for one another when the model hesitates between them.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})

#: The tagger's tags for proper nouns.
PROPER_TAGS = frozenset({"NNP", "NNPS"})
#: Words that say when, never part of a name ("Reuters on Friday").
WHEN_WORDS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
     "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December", "today", "yesterday", "tomorrow"}
)  # fmt: skip

#: Words after which a lone capitalised name is a place ("near Raqqah", "in Aleppo").
LOCATIVE_WORDS = frozenset(
    {"in", "near", "around", "outside", "across", "inside", "toward", "towards", "within",
     "throughout"}
)  # fmt: skip
#: Adjectives of direction before a name: "eastern Aleppo", "northern Iraq" are places.
COMPASS_WORDS = frozenset(
    {"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
     "southeastern", "southwestern"}
)  # fmt: skip
#: Nouns that introduce a place's name: "the town of Dabiq", "the outskirts of Mosul".
_PLACE_NOUNS = frozenset(
    {"city", "town", "village", "province", "region", "district", "outskirts", "suburb",
     "port", "county", "state", "capital"}
)  # fmt: skip
#: Labels that give way to a place where the document shows the name is one.
_PLACE_YIELDING = frozenset({"PERSON", "NORP", "ORG"})

_Raw = tuple[int, int, str, str]


def placed_by_context(doc) -> set[str]:  # doc: spacy Doc
    """Names the document shows to be places: read as a place right after a preposition
    of place ("near Raqqah") or a noun for one ("the town of Dabiq")."""
    placed = set()
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS or ent.start == 0:
            continue
        before = doc[ent.start - 1].lower_
        if before == "of" and ent.start > 1 and doc[ent.start - 2].lower_ in _PLACE_NOUNS:
            placed.add(normalise_name(ent.text))  # whatever the model read there
        elif (before in LOCATIVE_WORDS or before in COMPASS_WORDS) and ent.label_ in {
            "GPE",
            "LOC",
        }:
            placed.add(normalise_name(ent.text))  # "in Congress" is no evidence
    return placed


def _one_label_per_name(raw: list[_Raw], placed: set[str] | None = None) -> list[_Raw]:
    """One name, one label in a document: a place where the context shows it is one
    (people, nationalities and organisations are not "near" or "the town of"); otherwise the model's
    most frequent label for it wins, the first one on a tie ("Trump" read once as ORG
    among five PERSON readings)."""
    votes: dict[str, dict[str, int]] = {}
    for _, _, text, label in raw:
        if label in _NAME_LABELS:
            counts = votes.setdefault(normalise_name(text), {})
            counts[label] = counts.get(label, 0) + 1
    settled = {
        name: max(counts, key=lambda lab: counts[lab])  # dicts keep first-seen order on ties
        for name, counts in votes.items()
        if len(counts) > 1
    }
    for name in placed or ():
        if name in votes and _PLACE_YIELDING & votes[name].keys():
            settled[name] = "LOC" if "LOC" in votes[name] else "GPE"
    if not settled:
        return raw
    return [
        (s, e, t, settled.get(normalise_name(t), lab) if lab in _NAME_LABELS else lab)
        for s, e, t, lab in raw
    ]


class _HeadlineTest:
    """Is a position in a title-case line? Reads the Doc's text (a join of every token)
    only when asked."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.text: str | None = None
        self.lines: dict[int, bool] = {}

    def __call__(self, pos: int) -> bool:
        if self.text is None:
            self.text = self.doc.text
        return title_case_line(self.text, pos, self.lines)


def mentions_of(doc, source: str | None = None) -> list[Mention]:  # doc: spacy Doc
    """The document's entities as mentions with canonical names.

    ``source`` (the publication, when known) keeps its name from being read as a person.
    """
    ents = [(ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents]
    person_words = {
        normalise_name(text): set(normalise_name(text).split())
        for _, _, text, label in ents
        if label == "PERSON" and " " in text.strip()
    }
    ships = {
        name.split(" ", 1)[1]
        for _, _, text, label in ents
        if label == "EQUIPMENT"
        and (name := normalise_name(text)).split(" ")[0] in name_lists.SHIP_PREFIXES
    }
    placed = placed_by_context(doc) - {w for words in person_words.values() for w in words}
    raw = _one_label_per_name(
        [(s, e, t, _relabel(lab, t, person_words, source, ships)) for s, e, t, lab in ents],
        placed,
    )
    people = [(s, canonical_for("PERSON", t)) for s, _, t, lab in raw if lab == "PERSON"]
    resolve = _person_resolver(people, _HeadlineTest(doc))
    mentions = []
    for start, end, text, label in raw:
        canonical = canonical_for(label, text)
        if label == "PERSON":
            canonical = resolve.get(canonical, canonical)
        elif label == "ORG" and source and _names_source(canonical, source):
            canonical = normalise_name(source)
        mentions.append(Mention(start, end, text, label, canonical))
    return _expand_acronyms(doc.text if mentions else "", _titles_as_holders(mentions))


#: Characters between a title and the name it precedes ("Foreign Secretary Boris Johnson").
_TITLE_GAP = 2


def _titles_as_holders(mentions: list[Mention]) -> list[Mention]:
    """A title used alone ("The Foreign Secretary pressed …") is the person the document
    names with it ("Foreign Secretary Boris Johnson"), when it names only one: the
    reader sees who the sentence is about. Titles the document gives to no one, or to
    several people, stay titles."""
    holders: dict[str, set[str]] = {}
    before_name: set[int] = set()
    for i, (title, name) in enumerate(pairwise(mentions)):
        if (
            title.label == "TITLE"
            and name.label == "PERSON"
            and 0 < name.start - title.end <= _TITLE_GAP
        ):
            holders.setdefault(title.canonical, set()).add(name.canonical)
            before_name.add(i)
    if not holders:
        return mentions
    out = []
    for i, mention in enumerate(mentions):
        held = holders.get(mention.canonical, set()) if mention.label == "TITLE" else set()
        if len(held) == 1 and i not in before_name:
            mention = replace(mention, label="PERSON", canonical=next(iter(held)))
        out.append(mention)
    return out


#: Labels a name spelled out before its acronym can have; ORG when the model gave none.
_ABBREVIATED = ("ORG", "LAW", "EVENT", "GPE", "LOC", "NORP")


def _expand_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "The North Atlantic Treaty Organization (NATO)": the full name is one mention
    (replacing the pieces the model saw in it), and the acronym stands for it wherever
    the document uses it."""
    from briefing_reader.core.analysis.acronyms import definitions

    defined = definitions(text) if "(" in text else []
    meaning: dict[str, tuple[str, str]] = {}
    spans: list[tuple[int, int, str]] = []  # (start, end, acronym) of names and acronyms
    for acronym, start, end, a_start, a_end in defined:
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not inside or any(m.label == "PERSON" for m in inside):
            continue  # no name the model saw, or a person's initials
        tagged = [m.label for m in mentions if m.text == acronym and m.label in _ABBREVIATED]
        widest = max(inside, key=lambda m: m.end - m.start)
        label = tagged[0] if tagged else widest.label if widest.label in _ABBREVIATED else "ORG"
        meaning[acronym] = (label, normalise_name(text[start:end]))
        spans += [(start, end, acronym), (a_start, a_end, acronym)]
    if not meaning:
        return mentions
    out = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e, _ in spans)]
    out += [Mention(s, e, text[s:e], *meaning[acronym]) for s, e, acronym in spans]
    out = [
        replace(m, label=meaning[m.text][0], canonical=meaning[m.text][1])
        if m.text in meaning
        else m
        for m in out
    ]
    return sorted(out, key=lambda m: m.start)


def bare_mentions(doc) -> list[Mention]:
    """The statistical model's entities as they are (the baseline for benchmarks)."""
    from briefing_reader.core.analysis.labels import SPACY_LABELS

    return [
        Mention(e.start_char, e.end_char, e.text, SPACY_LABELS[e.label_], normalise_name(e.text))
        for e in doc.ents
        if e.label_ in SPACY_LABELS
    ]
