"""Which full name a one-word name stands for, document by document.

"Trump" in a story that never says "Donald Trump", "Clinton" where the library knows
Hillary and Bill, "Chelsea" in a football report while the library also knows Chelsea
Clinton. The evidence, in the order it is used:

1. **Candidates** are the people whose surname the form is (with how often documents
   resolve the form to each: they said "Hillary Clinton … Clinton"), or the organisations
   a document spelled it out for ("the North Atlantic Treaty Organization (NATO)"). A
   first name alone ("Hillary") has as its only candidate the one person of that first
   name the library knows, and only when the library's documents often call that person
   so ("Elizabeth" is not Elizabeth Warren); "Bill" or "Joe" stay as written. A person is named in full in two documents or more, and
   the name looks like one (two to four capitalised words: "Obama s" or "Blames Obama" are
   analysis debris); an organisation's full name spells the acronym.
2. **Hard evidence in the document** rules candidates out: an honorific of the other
   gender ("Mrs. Clinton" against a man, as the library knows each person's honorifics),
   and a title the library uses with exactly one candidate ("President Clinton") decides.
3. **The library's odds** for the rest, naive Bayes over presence only: the prior of a
   candidate is how often documents resolve the form to it; each other name in the
   document (people, organisations, places) counts for a candidate as often as it
   appears in that candidate's documents, against its share of the whole library.
   "Something else" is a candidate too, with the library's background rates, so a
   football report's "Chelsea" stays apart from Chelsea Clinton. A candidate whose odds
   reach ``DOMINANT`` and that at least one other name in the document speaks for is
   taken (a team sheet's "Ryan" has no such name and is not Paul Ryan); when several
   candidates stay likely the name is left as written and reported as ambiguous; when
   "something else" wins it is simply left.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from briefing_reader.core.analysis.acronyms import initials

#: Odds one candidate needs before the form is taken as that candidate.
DOMINANT = 0.9
#: Share of a person's documents that call them by the first name alone ("Hillary") before
#: a first name elsewhere is taken for them.
_FIRST_NAME_HABIT = 0.1
#: Least odds for a candidate to be named in an ambiguity.
_MENTIONED = 0.05
#: Weight of the library's background rate in a candidate's rate of a name (an m-estimate:
#: a candidate named in few documents says little), and the bound on one name's vote.
_M = 10.0
_VOTE_BOUND = 1.0
#: Names in one story are not independent evidence ("Veselnitskaya" and "Trump Tower" come
#: together): their votes are damped so that the library's prior yields only to hard
#: evidence or to several names that agree.
_DAMPING = 0.5
_ALPHA = 0.5
#: Prior pseudo-count of "something else".
_ELSEWHERE = 1.0
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.|(?:de|van|von|bin|al|la|da|di|le|du)|Jr\.?|Sr\.?)$"
)
_CONTEXT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Decision:
    """``chosen`` with ``reason``; or no choice and the ``candidates`` that stay likely."""

    chosen: Key | None
    reason: str = ""
    candidates: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def looks_like_a_name(name: str) -> bool:
    """Two to four capitalised words (particles, initials and suffixes aside): not
    "Obama s", "DACA.So Obama" or "Trump Admin Deals STUNNING Threat"."""
    words = [w for w in name.split() if w.rstrip(".") not in ("Jr", "Sr", "II", "III")]
    shouted = any(w.isupper() and len(w) > 3 for w in words) and not name.isupper()
    possessive = any(w.endswith(("'s", "’s")) for w in words)
    return (
        2 <= len(words) <= 4
        and all(_NAME_WORD.match(w) for w in words)
        and not (shouted or possessive)
    )


def _epithet(word: str) -> bool:
    """An adjective or participle ("Crooked") can open a nickname."""
    from briefing_reader.core.analysis import lexicon

    return lexicon.is_adjective(word) or lexicon.is_participle(word)


_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _senior_first(found: dict[Key, int]) -> dict[Key, int]:
    """A surname alone is the senior when both generations are candidates: the son is
    written "Trump Jr.", not "Trump"."""

    def plain(name: str) -> str:
        return " ".join(w for w in name.split() if w.rstrip(".").lower() not in _GENERATIONS)

    seniors = {(label, name) for label, name in found if plain(name) == name}
    return {
        (label, name): count
        for (label, name), count in found.items()
        if plain(name) == name or (label, plain(name)) not in seniors
    }


class ShortForms:
    """Evidence gathered once from every full-name use; :meth:`decide` per document."""

    def __init__(
        self,
        full_uses: Iterable,  # identity.NameUse with a multi-word name
        final: Callable[[Key], Key],
        context: dict[int, frozenset[Key]],
        spelling: Callable[[str], str],
        last_word: Callable[[str], str],
    ) -> None:
        self.context = context
        self.spelling = spelling
        #: (label, form) → entity → documents where the analysis resolved the form to it
        self.resolved: dict[Key, dict[Key, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.by_last: dict[str, set[Key]] = defaultdict(set)
        self.genders: dict[Key, Counter[str]] = defaultdict(Counter)
        self.titles: dict[Key, Counter[str]] = defaultdict(Counter)
        self.entity_docs: dict[Key, set[int]] = defaultdict(set)
        self.credible: dict[Key, bool] = {}
        self.by_first: dict[str, set[Key]] = defaultdict(set)
        self.last_word = last_word
        for use in full_uses:
            entity = final((use.label, use.name))
            self.entity_docs[entity].add(use.doc_id)
            self.credible[entity] = use.label != "PERSON" or looks_like_a_name(use.name)
            if use.gender:
                self.genders[entity][use.gender] += 1
            self.titles[entity].update(use.titles)
            for form in use.forms:
                if " " not in form.strip():
                    self.resolved[(use.label, spelling(form))][entity].add(use.doc_id)
            if use.label == "PERSON":
                self.by_last[last_word(use.name)].add(entity)
                self.by_first[spelling(use.name).split()[0]].add(entity)
        self.library_size = max(1, len(context))
        self._co: dict[tuple[Key, Key], int] = {}

    @cached_property
    def docs_with(self) -> dict[Key, set[int]]:
        """Name → the documents naming it; built when a decision first needs the odds
        (a pass that only asks for :meth:`person_forms` never does)."""
        found: dict[Key, set[int]] = defaultdict(set)
        for doc_id, keys in self.context.items():
            for key in keys:
                found[key].add(doc_id)
        return found

    def nickname(self, name: str) -> bool:
        """ "Crooked Hillary": an adjective or participle opening a name that no other person
        in the library has as a first name (as "Frank Miller" and "Frank Sinatra" have)."""
        first = self.spelling(name).split()[0]
        return len(self.by_first.get(first, ())) < 2 and _epithet(first)

    def gender(self, entity: Key) -> str | None:
        votes = self.genders.get(entity)
        if not votes:
            return None
        gender, count = votes.most_common(1)[0]
        return gender if count * 3 >= sum(votes.values()) * 2 else None

    def person_forms(self) -> dict[str, int]:
        """One-word forms the library resolves to a person, with the documents doing so."""
        out = {}
        for (label, form), found in self.resolved.items():
            docs = [
                d
                for e, d in found.items()
                if self.credible.get(e) and len(self.entity_docs[e]) >= 2
            ]
            if label == "PERSON" and docs:
                out[form] = len(set().union(*docs))
        return out

    def candidates(self, label: str, name: str) -> dict[Key, int]:
        """Candidate entities for a one-word name, with how often it is resolved to each."""
        form = self.spelling(name)
        resolved = self.resolved.get((label, form), {})
        found = {key: len(docs) for key, docs in resolved.items()}
        if label == "PERSON":
            found = {k: n for k, n in found.items() if self.last_word(k[1]) == form}
            for key in self.by_last.get(form, ()):
                found.setdefault(key, 0)
        return {
            key: count
            for key, count in found.items()
            if key != (label, name)
            and not (label == "PERSON" and self.nickname(key[1]))
            and (
                len(self.entity_docs.get(key, ())) >= 2 and looks_like_a_name(key[1])
                if label == "PERSON"
                else initials(key[1]) == form.upper()
            )
        }

    def first_name(self, use, elsewhere: int) -> Decision | None:
        """A first name alone ("Hillary") is a person only when the library's documents
        call one person of that first name so ("Bill" or "Joe" stay as written) and it is
        about what that person's documents are about ("Elizabeth" in a film review is not
        Elizabeth Warren, "Chelsea" in a football report not Chelsea Clinton)."""
        form = self.spelling(use.name)
        resolved = self.resolved.get(("PERSON", form), {})
        people = _senior_first(
            {
                key: len(resolved.get(key, ()))
                for key in self.by_first.get(form, ())
                if key in resolved
                and len(self.entity_docs.get(key, ())) >= 2
                and looks_like_a_name(key[1])
            }
        )
        surname_of = [
            k
            for k in self.by_last.get(form, ())
            if looks_like_a_name(k[1]) and not self.nickname(k[1])
        ]
        if len(people) != 1 or surname_of:
            return None
        ((chosen, resolved_docs),) = people.items()
        if resolved_docs < _FIRST_NAME_HABIT * len(self.entity_docs[chosen]):
            return None  # the library seldom calls this person by the first name alone
        odds, shared = self._odds(use, people, elsewhere)
        if odds[chosen] < DOMINANT or len(shared.get(chosen, ())) < 2:
            return None  # a first name needs two names of the person's world around it
        names = ", ".join(shared[chosen][:3])
        return Decision(
            chosen,
            f"the only person called {use.name} in the library, {chosen[1]}, is named with "
            f"{names} elsewhere too",
        )

    def decide(self, use, elsewhere: int = 0) -> Decision | None:  # use: identity.NameUse
        """``elsewhere``: documents where the library reads the form as something other
        than a person (the "Fox" of Fox News), the prior of "something else"."""
        found = _senior_first(self.candidates(use.label, use.name))
        if not found:
            return self.first_name(use, elsewhere) if use.label == "PERSON" else None
        if use.label != "PERSON" and len(found) == 1:
            ((chosen, count),) = found.items()
            return Decision(
                chosen, f"'{use.name}' is defined as {chosen[1]} in {count} document(s)"
            )
        if use.gender:
            fitting = {c: n for c, n in found.items() if self.gender(c) in (use.gender, None)}
            if len(fitting) == 1 and len(found) > 1:
                (chosen,) = fitting
                word = "man" if use.gender == "m" else "woman"
                return Decision(
                    chosen, f"the honorific here; the only {word} named {use.name}: {chosen[1]}"
                )
            found = fitting or found
        if use.titles:
            titled = [c for c in found if use.titles & set(self.titles.get(c, ()))]
            if len(titled) == 1:
                title = sorted(use.titles & set(self.titles[titled[0]]))[0]
                return Decision(titled[0], f"'{title}' here is used with {titled[0][1]} only")
        odds, shared = self._odds(use, found, elsewhere)
        best = max(odds, key=lambda c: odds[c])
        if best is not None and odds[best] >= DOMINANT and shared.get(best):
            names = ", ".join(shared.get(best, [])[:3])
            with_names = f", named here with {names}" if names else ""
            return Decision(
                best,
                f"'{use.name}' is {best[1]} in {round(100 * odds[best])} % of the "
                f"library's reading{with_names}",
            )
        likely = sorted(
            (c for c in found if odds.get(c, 0.0) >= _MENTIONED), key=lambda c: -odds[c]
        )
        if len(likely) >= 2 or (likely and odds.get(None, 0.0) < _MENTIONED):
            return Decision(None, candidates=tuple(c[1] for c in likely))
        return None

    def _odds(
        self, use, found: dict[Key, int], elsewhere: int
    ) -> tuple[dict[Key | None, float], dict[Key, list[str]]]:
        """Posterior odds of each candidate and of "something else", with the names in
        this document that spoke most for each candidate."""
        own = {(use.label, use.name), *found}
        features = [
            k for k in self.context.get(use.doc_id, ()) if k not in own and k[0] in _CONTEXT_LABELS
        ]
        scores: dict[Key | None, float] = {None: math.log(_ELSEWHERE + elsewhere)}
        shared: dict[Key, list[str]] = {}
        profiles = {c: self.entity_docs.get(c, set()) for c in found}
        # a name never seen with any candidate tells them apart no more than it says
        # "something else": the tail of rare names would otherwise count against all
        features = [
            k
            for k in features
            if any(
                self._co_count(c, k, docs, self.docs_with.get(k, set()))
                for c, docs in profiles.items()
            )
        ]
        for candidate, resolved in found.items():
            docs = profiles[candidate]
            total = math.log(resolved + 1.0)
            votes = []
            for key in features:
                with_key = self.docs_with.get(key, set())
                background = (len(with_key) + _ALPHA) / (self.library_size + 2 * _ALPHA)
                co = self._co_count(candidate, key, docs, with_key)
                vote = math.log(((co + _M * background) / (len(docs) + _M)) / background)
                vote = max(-_VOTE_BOUND, min(_VOTE_BOUND, vote))
                total += _DAMPING * vote
                votes.append((vote, key[1]))
            scores[candidate] = total
            shared[candidate] = [name for vote, name in sorted(votes, reverse=True) if vote > 0]
        top = max(scores.values())
        weights = {c: math.exp(s - top) for c, s in scores.items()}
        norm = sum(weights.values())
        return {c: w / norm for c, w in weights.items()}, shared

    def _co_count(self, candidate: Key, key: Key, docs: set[int], with_key: set[int]) -> int:
        pair = (candidate, key)
        if pair not in self._co:
            small, large = (docs, with_key) if len(docs) < len(with_key) else (with_key, docs)
            self._co[pair] = sum(1 for d in small if d in large)
        return self._co[pair]
