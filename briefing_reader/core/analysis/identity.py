"""One real-world thing, one entity: names joined across the whole library.

Analysis resolves names within a document ("Austin" → "Lloyd Austin" when the article
names him in full). Many documents never do: a short story says only "Trump", another
"Donald J. Trump". This module decides, from what the whole library says, which of those
names are the same entity, and says why. It is pure: plain records in, links out, so it
runs in seconds over a large library and can be re-run on just the names a change touched.

Order of decisions, first match wins, and a name the user corrected is never touched:

1. **Label.** A one-word PERSON name that nothing in the library shows to be a person (no
   document resolves it to a person's full name; no honorific or title goes with it) takes
   the label the model gives it elsewhere ("Twitter", "Labour" read as ORG somewhere).
   The other way round, a one-word organisation or place that documents resolve to a
   person, and that is read as a person more often, is that person ("Trump" read as ORG).
2. **Spelling.** Names that differ only in dots, spaces or case ("George W Bush",
   "George W. Bush"; "U.S. Navy", "US Navy"), or in the order of "Department of Justice"
   and "Justice Department", are one; the most widespread spelling names it.
3. **Middle names.** Person names with the same first and last word (and the same suffix,
   so "Donald Trump Jr." stays apart) join when at most one middle part is known for them
   ("Donald Trump", "Donald J. Trump"; "Sarah Sanders", "Sarah Huckabee Sanders"). Two
   different middle parts ("George W. Bush", "George H. W. Bush") keep every form apart.
4. **Short forms.** A one-word name (a surname, a first name, an acronym) joins the full
   name it stands for, document by document, on the evidence of the document and the
   library (:mod:`briefing_reader.core.analysis.short_forms`); where two candidates stay
   likely it is left as written and reported as ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from briefing_reader.core.analysis.short_forms import ShortForms

#: Labels whose names are joined across documents.
LINKED_LABELS = frozenset({"PERSON", "ORG"})
#: Labels a one-word "person" may really have.
_OTHER_NAME_LABELS = ("ORG", "GPE", "LOC", "NORP")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NON_LETTERS = re.compile(r"[^\w]+")

Key = tuple[str, str]  # (label, name)


@dataclass(frozen=True, slots=True)
class NameUse:
    """One name as the analysis gave it in one document, with the evidence there."""

    doc_id: int
    label: str
    name: str
    #: The written forms that resolve to ``name`` in this document ("Clinton", "Mrs. Clinton").
    forms: frozenset[str] = frozenset()
    #: "m" or "f" when an honorific before a mention says so; None otherwise.
    gender: str | None = None
    #: Titles written right before a mention ("President", "Secretary of State").
    titles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Link:
    """In ``doc_id``, the analysis name ``label:name`` is the entity ``label_to:target``."""

    doc_id: int
    label: str
    name: str
    label_to: str
    target: str
    reason: str


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A short form in ``doc_id`` that could be any of ``candidates``: left as written."""

    doc_id: int
    label: str
    name: str
    candidates: tuple[str, ...]


@dataclass(slots=True)
class Resolution:
    links: list[Link] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)


_OF_FORM = re.compile(r"^(Department|Ministry|Office|Bureau) of (?:the )?(.+)$")


def spelling_key(name: str) -> str:
    """Letters and digits only, lower case, dots dropped: "George W. Bush" and "George W
    Bush" agree, and so do "U.S. Navy" and "US Navy"."""
    inverted = _OF_FORM.match(name)
    if inverted:  # "Department of Justice" is the "Justice Department"
        name = f"{inverted.group(2)} {inverted.group(1)}"
    return _NON_LETTERS.sub(" ", name.casefold().replace(".", "")).strip()


def last_word(name: str) -> str:
    """A name's last word, suffix aside ("trump" of "Donald Trump Jr.")."""
    words = spelling_key(name).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def groups_of(use: NameUse) -> set[str]:
    """What a decision about this use reads: for a person, the last words of the name and
    its written forms ("Trump", "Donald J. Trump"); for anything else, the spellings of the
    name and its forms ("NATO" written for the North Atlantic Treaty Organization, "US
    Navy" and "U.S. Navy"). A change needs only its groups decided again."""
    if use.label == "PERSON" or " " not in use.name:
        # one-word names of any label meet the people they may be (step 1)
        return {last_word(use.name)} | {last_word(form) for form in use.forms}
    return {spelling_key(use.name)} | {spelling_key(form) for form in use.forms}


def _parts(name: str) -> tuple[str, tuple[str, ...], str, str] | None:
    """(first, middles, last, suffix) of a person's name of two words or more."""
    words = spelling_key(name).split()
    suffix = ""
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:
        return None
    return words[0], tuple(words[1:-1]), words[-1], suffix


def resolve_library(
    uses: Iterable[NameUse],
    blocked: set[Key] | None = None,
    context: dict[int, frozenset[Key]] | None = None,
) -> Resolution:
    """Decide links for ``uses``; ``blocked`` names (the user's corrections) stay as they
    are. ``context`` holds every name of every document (the topic evidence of short
    forms); without it, the names among ``uses`` serve."""
    uses = [u for u in uses if u.label in LINKED_LABELS or u.label in _OTHER_NAME_LABELS]
    blocked = blocked or set()
    if context is None:
        context = context_of(uses)
    docs: dict[Key, set[int]] = defaultdict(set)
    for use in uses:
        docs[(use.label, use.name)].add(use.doc_id)
    full_uses = [u for u in uses if u.label in LINKED_LABELS and " " in u.name]

    target: dict[Key, tuple[Key, str]] = {}  # library-wide: key → (entity, reason)
    persons = ShortForms(full_uses, lambda key: key, context, spelling_key, last_word)
    person_forms = persons.person_forms()
    for key, (label_to, count) in _relabelled(uses, docs, blocked, person_forms).items():
        target[key] = (
            (label_to, key[1]),
            f"never a person's name in the library; read as {label_to} in {count} documents",
        )
    entity_docs: dict[Key, set[int]] = defaultdict(set)
    for key, ids in docs.items():
        entity_docs[target[key][0] if key in target else key] |= ids
    _join_spellings(entity_docs, blocked, target)
    _join_middle_names(entity_docs, blocked, target)

    def final(key: Key) -> Key:
        seen = {key}
        while key in target and target[key][0] not in seen:
            key = target[key][0]
            seen.add(key)
        return key

    resolution = Resolution()
    short = ShortForms(full_uses, final, context, spelling_key, last_word)
    people = _people_read_as_other(docs, blocked, person_forms)
    for use in uses:
        key = (use.label, use.name)
        if key in blocked:
            continue
        if key in target:
            to = final(key)
            if to != key:
                resolution.links.append(
                    Link(use.doc_id, use.label, use.name, to[0], to[1], _reason(key, target))
                )
            continue
        person_reading = key in people
        if person_reading:
            use = replace(use, label="PERSON")
        elif use.label not in LINKED_LABELS or " " in use.name:
            continue
        decision = short.decide(use, _read_as_other_things(docs, use.name, people))
        if decision is not None and decision.chosen is not None:
            to = final(decision.chosen)
            resolution.links.append(Link(use.doc_id, *key, to[0], to[1], decision.reason))
        elif person_reading:
            why = f"resolved to a person in {people[key]} documents"
            resolution.links.append(Link(use.doc_id, *key, "PERSON", use.name, why))
        elif use.label == "PERSON" and (decision is None or decision.chosen is None):
            other = _read_otherwise(docs, use.name, person_forms.get(spelling_key(use.name), 0))
            if other is not None:
                why = f"read as {other[0]} in {other[1]} documents, as a person in fewer"
                resolution.links.append(Link(use.doc_id, *key, other[0], use.name, why))
                continue
        if decision is not None and decision.chosen is None and decision.candidates:
            resolution.ambiguities.append(
                Ambiguity(use.doc_id, use.label, use.name, decision.candidates)
            )
    return resolution


def context_of(uses: Iterable[NameUse]) -> dict[int, frozenset[Key]]:
    """Every document's names, for the topic evidence of short forms."""
    names: dict[int, set[Key]] = defaultdict(set)
    for use in uses:
        names[use.doc_id].add((use.label, use.name))
    return {doc_id: frozenset(keys) for doc_id, keys in names.items()}


def _reason(key: Key, target: dict[Key, tuple[Key, str]]) -> str:
    reasons = []
    seen = {key}
    while key in target and target[key][0] not in seen:
        to, why = target[key]
        reasons.append(why)
        key = to
        seen.add(key)
    return "; ".join(reasons)


def _relabelled(
    uses: list[NameUse], docs: dict[Key, set[int]], blocked: set[Key], person_forms: dict[str, int]
) -> dict[Key, tuple[str, int]]:
    """Step 1: one-word "people" that nothing in the library shows to be a person (no
    document resolves the word to a person's full name, no honorific or title goes with
    it) but that the model reads as something else in some document."""
    evidenced = {(u.label, u.name) for u in uses if u.gender or u.titles}
    out: dict[Key, tuple[str, int]] = {}
    for (label, name), _ids in docs.items():
        key = (label, name)
        if label != "PERSON" or " " in name or key in blocked or key in evidenced:
            continue
        if spelling_key(name) in person_forms:
            continue
        counts = {other: len(docs.get((other, name), ())) for other in _OTHER_NAME_LABELS}
        best = max(counts, key=lambda other: counts[other])
        if counts[best] > 0:
            out[key] = (best, counts[best])
    return out


def _read_as_other_things(docs: dict[Key, set[int]], name: str, people: dict[Key, int]) -> int:
    """Documents where the library reads a one-word name as something other than a person
    (and does not take that reading for the person itself)."""
    return sum(
        len(docs.get((label, name), ()))
        for label in _OTHER_NAME_LABELS
        if (label, name) not in people
    )


def _read_otherwise(docs: dict[Key, set[int]], name: str, resolved: int) -> tuple[str, int] | None:
    """The label the library gives a one-word name more often than PERSON, counting the
    documents that resolve it to a person as person readings ("Chelsea" the club, where
    the library also knows Chelsea Clinton)."""
    as_person = len(docs.get(("PERSON", name), ())) + resolved
    counts = {other: len(docs.get((other, name), ())) for other in _OTHER_NAME_LABELS}
    best = max(counts, key=lambda other: counts[other])
    return (best, counts[best]) if counts[best] > as_person else None


def _people_read_as_other(
    docs: dict[Key, set[int]], blocked: set[Key], person_forms: dict[str, int]
) -> dict[Key, int]:
    """Step 1, the other way: a one-word organisation or place that the library resolves
    to a person elsewhere and reads as a person more often ("Trump" read once as ORG)."""
    out: dict[Key, int] = {}
    for (label, name), ids in docs.items():
        if label == "PERSON" or " " in name or (label, name) in blocked:
            continue
        resolved = person_forms.get(spelling_key(name), 0)
        if not resolved:
            continue
        if resolved > len(ids):
            out[(label, name)] = resolved
    return out


def _canonical(names: Iterable[Key], entity_docs: dict[Key, set[int]]) -> Key:
    """The most widespread name not in capitals ("Washington", not a dateline's
    "WASHINGTON"); the longer, then the alphabetically first, on a tie."""
    return max(
        names,
        key=lambda k: (
            not (k[1].isupper() and len(k[1]) > 4),
            len(entity_docs[k]),
            len(k[1]),
            [-ord(c) for c in k[1]],
        ),
    )


def _join_spellings(
    entity_docs: dict[Key, set[int]], blocked: set[Key], target: dict[Key, tuple[Key, str]]
) -> None:
    """Step 2: names that differ only in dots, spaces and case."""
    groups: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in entity_docs:
        if key not in target:
            groups[(key[0], spelling_key(key[1]))].append(key)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        main = _canonical(keys, entity_docs)
        for key in keys:
            if key != main and key not in blocked:
                target[key] = (main, f"another spelling of {main[1]}")
                entity_docs[main] |= entity_docs[key]


def _distinct_middles(middles: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Middle parts, an initial counted with the name it abbreviates ("Sarah H. Sanders"
    and "Sarah Huckabee Sanders" have one middle part between them)."""

    def abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
        return len(short) == len(full) and all(
            s == f or (len(s) == 1 and f.startswith(s)) for s, f in zip(short, full, strict=True)
        )

    return {m for m in middles if not any(o != m and abbreviates(m, o) for o in middles)}


def _join_middle_names(
    entity_docs: dict[Key, set[int]], blocked: set[Key], target: dict[Key, tuple[Key, str]]
) -> None:
    """Step 3: "Donald J. Trump" and "Donald Trump"; never two different middle parts."""
    families: dict[tuple[str, str, str], list[tuple[tuple[str, ...], Key]]] = defaultdict(list)
    for key in entity_docs:
        if key[0] != "PERSON" or key in target:
            continue
        parts = _parts(key[1])
        if parts is not None:
            first, middles, last, suffix = parts
            families[(first, last, suffix)].append((middles, key))
    for members in families.values():
        if len(members) < 2:
            continue
        if len(_distinct_middles({m for m, _ in members if m})) > 1:
            continue  # "George W. Bush" and "George H. W. Bush": keep every form apart
        main = _canonical([k for _, k in members], entity_docs)
        for _, key in members:
            if key != main and key not in blocked:
                target[key] = (main, f"the same first and last name as {main[1]}")
                entity_docs[main] |= entity_docs[key]
