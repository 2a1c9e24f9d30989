"""Pronoun antecedents: whom "he", "she", "they" and "it" stand for."""

from __future__ import annotations

from briefing_reader.core.analysis.claims.genders import person_genders, pronoun_gender
from briefing_reader.core.analysis.claims.quotes import in_regions
from briefing_reader.core.analysis.claims.subjects import known_name, mention_at, subject_mention
from briefing_reader.core.analysis.entities import Mention

_PLURAL = frozenset({"they", "them"})
#: Where a name missed by the entity model may still be a pronoun's antecedent.
_ACTING = frozenset({"nsubj", "poss"})
#: Prepositions of place: the name after them says where, not who.
_PLACE_PREPOSITIONS = frozenset(
    {"on", "in", "at", "from", "near", "into", "onto", "across", "inside", "outside", "around"}
)


class Antecedents:
    """Whom a pronoun can stand for: people and groups named before it, outside quotes.

    "he"/"she" take a person named earlier in the same sentence ("Clinton said she …")
    or, from a leading subordinate clause, the main clause's subject ("Though she …,
    Clinton …"), else the last speaker, else the last person named. "they" takes the last
    group (organisation, nationality, or names joined by "and") that was a subject, "it"
    the last organisation or country. "he" never takes someone the document calls
    "she", nor the other way round (``genders``).
    """

    def __init__(
        self, doc, regions: list[tuple[int, int]], mentions: list[Mention], text: str
    ) -> None:
        """``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access."""
        self.text = text
        self.doc = doc
        self.regions = regions
        self.people = [
            m for m in mentions if m.label == "PERSON" and not in_regions(m.start, regions)
        ]
        self.genders = person_genders(doc, regions, self.people, text)
        self.groups: list[tuple[int, Mention]] = []  # they
        self.bodies: list[tuple[int, Mention]] = []  # it
        nsubj = doc.vocab.strings["nsubj"]
        for i, dep in enumerate(doc.to_array("DEP").tolist()):
            if dep != nsubj:
                continue  # only subjects; reading each token's attributes costs more
            token = doc[i]
            if in_regions(token.idx, regions):
                continue
            m = mention_at(mentions, token.idx, token.idx + len(token))
            if m is None:
                continue
            if any(c.dep_ == "conj" for c in token.children) or m.label in {"ORG", "NORP"}:
                self.groups.append((token.idx, m))
            if m.label in {"ORG", "GPE"} and token.tag_ != "NNPS":
                self.bodies.append((token.idx, m))

    def resolve(self, pronoun, sent_start: int, speakers: list[Mention]) -> Mention | None:
        """``speakers``: the people who spoke so far, in order."""
        position = pronoun.idx
        word = {"their": "they", "its": "it"}.get(pronoun.lower_, pronoun.lower_)
        if word in _PLURAL or word == "it":
            # Only a group named in this paragraph or the one before: further back, "they"
            # is more likely someone else (two people met; "They discussed …").
            named = self.groups if word in _PLURAL else self.bodies
            text = self.text
            here = text.rfind("\n\n", 0, position)
            earliest = text.rfind("\n\n", 0, here) if here > 0 else -1
            return next((m for pos, m in reversed(named) if earliest < pos < position), None)
        gender = pronoun_gender(word)  # or the role's: "the New York businessman"
        people = [m for m in self.people if self._agrees(m, gender)]
        before = [m for m in people if m.end <= position]
        in_sentence = [m for m in before if m.start >= sent_start and not self._placed(m)]
        if in_sentence:
            return in_sentence[-1]
        missed = self._missed_name(pronoun, sent_start, gender)
        if missed is not None:
            return missed
        ahead = _main_subject_after(pronoun, mentions=people)
        if ahead is not None:
            return ahead
        for speaker in reversed(speakers):
            if speaker.start < position and self._agrees(speaker, gender):
                return speaker
        return next((m for m in reversed(before) if not self._placed(m)), None)

    def _missed_name(self, pronoun, sent_start: int, gender: str | None) -> Mention | None:
        """A person the document names, in a subject or possessive before the pronoun
        where the entity model missed the name ("Oz's dubious advice earned him …, where
        he appeared …")."""
        for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
            if token.idx < sent_start or token.tag_ != "NNP" or token.dep_ not in _ACTING:
                continue
            if mention_at(self.people, token.idx, token.idx + len(token)) is not None:
                continue
            if in_regions(token.idx, self.regions):
                continue  # a name inside a quotation is not who is speaking
            found = known_name(token, self.people)
            if found is not None and found.label == "PERSON" and self._agrees(found, gender):
                return found
        return None

    def _placed(self, person: Mention) -> bool:
        """Whether the name stands where a place would, after a preposition of place
        ("During his tour of the wildlife on Midway, he …"): a pronoun takes the people
        who act in its sentence, and a name there is more likely a place the entity
        model took for a person."""
        span = self.doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root
        return head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPOSITIONS

    def _agrees(self, person: Mention, gender: str | None) -> bool:
        """Whether ``person`` may be called by a word of ``gender`` (None: any)."""
        return gender is None or self.genders.get(person.canonical, gender) == gender


def _main_subject_after(pronoun, mentions: list[Mention]) -> Mention | None:
    """The person a pronoun in a leading subordinate clause points ahead to: "Though
    she called it outrageous, Clinton restricted her comments …"."""
    if pronoun.head.dep_ != "advcl":
        return None
    root = pronoun.sent.root
    for child in root.children:
        if child.dep_ == "nsubj" and child.i > pronoun.i:
            m = subject_mention(child, mentions)
            return m if m is not None and m.label == "PERSON" else None
    return None
