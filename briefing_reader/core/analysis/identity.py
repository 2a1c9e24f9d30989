"""One real-world thing, one entity: names joined across the whole library.

Analysis resolves names within a document ("Austin" → "Lloyd Austin" when the article
names him in full). Many documents never do: a short story says only "Trump", another
"Donald J. Trump". This module decides, from what the whole library says, which of those
names are the same entity, and says why. It is pure: plain records in, links out, so it
runs in seconds over a large library and can be re-run on just the names a change touched.

Order of decisions, first match wins, and a name the user corrected is never touched:

1. **Label.** A one-word PERSON name that is no person's surname in the library, but that the model reads as an organisation or place in more documents
   than as a person, takes that label ("Twitter", "Labour").
2. **Spelling.** Names that differ only in dots, spaces or case ("George W Bush",
   "George W. Bush"; "U.S. Navy", "US Navy") are one; the most widespread spelling names it.
3. **Middle names.** Person names with the same first and last word (and the same suffix,
   so "Donald Trump Jr." stays apart) join when at most one middle part is known for them
   ("Donald Trump", "Donald J. Trump"; "Sarah Sanders", "Sarah Huckabee Sanders"). Two
   different middle parts ("George W. Bush", "George H. W. Bush") keep every form apart.
4. **Short forms.** A one-word name (a surname, an acronym) that documents elsewhere
   resolve to a full name joins it, document by document. Candidates are the full names
   the library resolves that form to, plus people whose last name it is. In order:
   a. an honorific in this document ("Mrs. Clinton") rules out candidates of the other
      gender, as the library knows it from the honorifics used with each full name;
   b. a title in this document ("President Clinton") that the library uses with exactly
      one candidate picks it;
   c. one candidate left: joined;
   d. one candidate holding at least ``DOMINANT`` of the library's uses of the form: joined;
   e. otherwise the name stays as written, and the candidates are reported as ambiguous.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Share of a short form's uses one candidate needs before it is taken as that candidate.
DOMINANT = 0.9
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


def spelling_key(name: str) -> str:
    """Letters and digits only, lower case, dots dropped: "George W. Bush" and "George W
    Bush" agree, and so do "U.S. Navy" and "US Navy"."""
    return _NON_LETTERS.sub(" ", name.casefold().replace(".", "")).strip()


def last_word(name: str) -> str:
    """A name's last word, suffix aside ("trump" of "Donald Trump Jr.")."""
    words = spelling_key(name).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def groups_of(use: NameUse) -> set[str]:
    """The last words of a use's name and written forms. Every decision about a name reads
    only uses that share one of these ("Trump", "Donald J. Trump", "NATO" written for the
    North Atlantic Treaty Organization), so a change needs only its groups decided again."""
    return {last_word(use.name)} | {last_word(form) for form in use.forms}


def _parts(name: str) -> tuple[str, tuple[str, ...], str, str] | None:
    """(first, middles, last, suffix) of a person's name of two words or more."""
    words = spelling_key(name).split()
    suffix = ""
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:
        return None
    return words[0], tuple(words[1:-1]), words[-1], suffix


def resolve_library(uses: Iterable[NameUse], blocked: set[Key] | None = None) -> Resolution:
    """Decide links for every use; ``blocked`` names (the user's corrections) stay as they are."""
    uses = [u for u in uses if u.label in LINKED_LABELS or u.label in _OTHER_NAME_LABELS]
    blocked = blocked or set()
    docs: dict[Key, set[int]] = defaultdict(set)
    for use in uses:
        docs[(use.label, use.name)].add(use.doc_id)

    relabel = _relabelled(docs, blocked)
    target: dict[Key, tuple[Key, str]] = {}  # library-wide: key → (entity, reason)
    for key, label_to in relabel.items():
        count = len(docs[(label_to, key[1])])
        target[key] = ((label_to, key[1]), f"read as {label_to} in {count} other documents")

    def entity(key: Key) -> Key:
        return target[key][0] if key in target else key

    entity_docs: dict[Key, set[int]] = defaultdict(set)
    for key, ids in docs.items():
        entity_docs[entity(key)] |= ids
    _join_spellings(entity_docs, blocked, target)
    _join_middle_names(entity_docs, blocked, target)

    def final(key: Key) -> Key:
        seen = {key}
        while key in target and target[key][0] not in seen:
            key = target[key][0]
            seen.add(key)
        return key

    resolution = Resolution()
    short = _ShortForms(uses, final, blocked)
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
        decided = short.decide(use)
        if isinstance(decided, Link):
            resolution.links.append(decided)
        elif isinstance(decided, Ambiguity):
            resolution.ambiguities.append(decided)
    return resolution


def _reason(key: Key, target: dict[Key, tuple[Key, str]]) -> str:
    reasons = []
    seen = {key}
    while key in target and target[key][0] not in seen:
        to, why = target[key]
        reasons.append(why)
        key = to
        seen.add(key)
    return "; ".join(reasons)


def _relabelled(docs: dict[Key, set[int]], blocked: set[Key]) -> dict[Key, str]:
    """Step 1: one-word "people" the library reads as something else more often."""
    surnames = {last_word(name) for label, name in docs if label == "PERSON" and " " in name}
    out: dict[Key, str] = {}
    for (label, name), ids in docs.items():
        if label != "PERSON" or " " in name or (label, name) in blocked:
            continue
        if spelling_key(name) in surnames:
            continue
        counts = {other: len(docs.get((other, name), ())) for other in _OTHER_NAME_LABELS}
        best = max(counts, key=lambda other: counts[other])
        if counts[best] > len(ids):
            out[(label, name)] = best
    return out


def _canonical(names: Iterable[Key], entity_docs: dict[Key, set[int]]) -> Key:
    """The most widespread name; the longer, then the alphabetically first, on a tie."""
    return max(names, key=lambda k: (len(entity_docs[k]), len(k[1]), [-ord(c) for c in k[1]]))


def _join_spellings(
    entity_docs: dict[Key, set[int]], blocked: set[Key], target: dict[Key, tuple[Key, str]]
) -> None:
    """Step 2: names that differ only in dots, spaces and case."""
    groups: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in entity_docs:
        if key[0] in LINKED_LABELS and key not in target:
            groups[(key[0], spelling_key(key[1]))].append(key)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        main = _canonical(keys, entity_docs)
        for key in keys:
            if key != main and key not in blocked:
                target[key] = (main, f"another spelling of {main[1]}")
                entity_docs[main] |= entity_docs[key]


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
        if len({m for m, _ in members if m}) > 1:
            continue  # "George W. Bush" and "George H. W. Bush": keep every form apart
        main = _canonical([k for _, k in members], entity_docs)
        for _, key in members:
            if key != main and key not in blocked:
                target[key] = (main, f"the same first and last name as {main[1]}")
                entity_docs[main] |= entity_docs[key]


class _ShortForms:
    """Step 4: one-word names joined, document by document, to the full name they stand for."""

    def __init__(self, uses: list[NameUse], final, blocked: set[Key]) -> None:
        self.final = final
        self.blocked = blocked
        #: form → entity → documents where the analysis resolved the form to that entity
        self.resolved: dict[Key, dict[Key, set[int]]] = defaultdict(lambda: defaultdict(set))
        #: last word → people (entities) whose full name ends with it
        self.by_last: dict[str, set[Key]] = defaultdict(set)
        self.gender_votes: dict[Key, Counter[str]] = defaultdict(Counter)
        self.titles: dict[Key, Counter[str]] = defaultdict(Counter)
        self.entity_docs: dict[Key, set[int]] = defaultdict(set)
        for use in uses:
            if use.label not in LINKED_LABELS or " " not in use.name:
                continue
            ent = final((use.label, use.name))
            self.entity_docs[ent].add(use.doc_id)
            if use.gender:
                self.gender_votes[ent][use.gender] += 1
            self.titles[ent].update(use.titles)
            for form in use.forms:
                if " " not in form.strip():
                    self.resolved[(use.label, spelling_key(form))][ent].add(use.doc_id)
            if use.label == "PERSON":
                parts = _parts(use.name)
                if parts is not None:
                    self.by_last[parts[2]].add(ent)

    def gender(self, ent: Key) -> str | None:
        votes = self.gender_votes.get(ent)
        if not votes:
            return None
        gender, count = votes.most_common(1)[0]
        return gender if count * 3 >= sum(votes.values()) * 2 else None

    def decide(self, use: NameUse) -> Link | Ambiguity | None:
        if use.label not in LINKED_LABELS or " " in use.name:
            return None
        form = spelling_key(use.name)
        resolved = self.resolved.get((use.label, form), {})
        candidates = set(resolved)
        if use.label == "PERSON":
            candidates |= self.by_last.get(form, set())
        candidates.discard((use.label, use.name))
        if not candidates:
            return None
        weight = {c: len(resolved.get(c, ())) for c in candidates}
        why = ""
        if use.gender:
            fitting = {c for c in candidates if self.gender(c) in (use.gender, None)}
            if fitting and fitting != candidates:
                candidates = fitting
                why = "the honorific here; "
        if use.titles:
            titled = {c for c in candidates if use.titles & set(self.titles.get(c, ()))}
            if len(titled) == 1:
                chosen = titled.pop()
                title = sorted(use.titles & set(self.titles[chosen]))[0]
                return self._link(use, chosen, f"{why}'{title}' is used with {chosen[1]} only")
        if len(candidates) == 1:
            chosen = next(iter(candidates))
            only = f"the only person named {use.name}" if use.label == "PERSON" else "the only"
            return self._link(use, chosen, f"{why}{only} in the library: {chosen[1]}")
        total = sum(weight[c] for c in candidates)
        best = max(candidates, key=lambda c: (weight[c], len(self.entity_docs.get(c, ()))))
        if total and weight[best] >= DOMINANT * total:
            share = round(100 * weight[best] / total)
            return self._link(
                use,
                best,
                f"{why}'{use.name}' stands for {best[1]} in {share} % of the documents that "
                f"say whom it means",
            )
        ordered = sorted(candidates, key=lambda c: (-weight[c], c[1]))
        return Ambiguity(use.doc_id, use.label, use.name, tuple(c[1] for c in ordered))

    def _link(self, use: NameUse, chosen: Key, reason: str) -> Link:
        return Link(use.doc_id, use.label, use.name, chosen[0], chosen[1], reason)
