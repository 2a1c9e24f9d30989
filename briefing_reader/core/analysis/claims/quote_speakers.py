"""Who speaks in each quotation: the clause after it, the clause before it, a dash
signature, or a neighbouring quotation of the same paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from briefing_reader.core.analysis.claims.quotes import MARK_TOKENS, in_regions, opens_sentence
from briefing_reader.core.analysis.claims.subjects import (
    SPEAKER_LABELS,
    Found,
    is_found,
    mention_at,
    quoted_subject,
    subject_speaker,
)
from briefing_reader.core.analysis.claims.verbs import reporting_verb, reporting_verbs_in
from briefing_reader.core.analysis.entities import Mention


@dataclass(slots=True)
class QuoteSpeaker:
    mention: Mention | None = None
    pronoun: Any = None  # the pronoun token ("…," he said), resolved per claim
    #: named right next to the quotation, with no verb between ("X -- “…”", "“…” ― X"):
    #: nearer to it than the verb of a sentence it stands in
    adjacent: bool = False

    @property
    def found(self) -> Found:
        return self.mention, self.pronoun


_DASH_SIGNATURE = re.compile(r"\s*(?:―|—|–|--)\s*")


#: A signature the entity model missed: two to four capitalised words ending the line.
_SIGNED_NAME = re.compile(r"([A-Z][\w'’.-]+(?:[ \t][A-Z][\w'’.-]*){1,3})\.?[ \t]*(?:\n|$)")


def _signature(text: str, at: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The person signing a quotation after a dash: the mention there, else the name
    the rest of the line holds (“…” ― Beck Pimentel)."""
    m = next((m for m in mentions if m.start == at), None)
    if m is not None:
        return m if m.label == "PERSON" else None
    name = _SIGNED_NAME.match(text, at, end)
    if name is None:
        return None
    return Mention(at, name.end(1), name.group(1), "PERSON", name.group(1))


def _quote_speaker(
    doc, text: str, regions: list[tuple[int, int]], i: int, mentions: list[Mention]
) -> QuoteSpeaker:
    """Who is quoted in ``regions[i]``: the clause after the quote, else the one before it.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    region = regions[i]
    start, end = region
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end == -1 else para_end
    signed = _DASH_SIGNATURE.match(text, end, para_end)
    if signed:  # “…” ― Sonya Herridge
        m = _signature(text, signed.end(), para_end, mentions)
        if m is not None:
            return QuoteSpeaker(m, adjacent=True)
    dashed = _DASH_INTRO.search(text, para_start, start)
    if dashed:  # "including Mitt Romney -- “It is disqualifying …”"
        named = mention_at(mentions, dashed.start() - 1, dashed.start())
        if named is not None and named.label == "PERSON" and _may_speak(doc, named):
            return QuoteSpeaker(named, adjacent=True)
    after = doc.char_span(end, min(para_end, end + 120), alignment_mode="expand")
    if after is not None:
        clause_end = min(
            (t.idx for t in after if t.text in MARK_TOKENS and t.idx > end), default=None
        )
        tokens = [t for t in after if clause_end is None or t.idx < clause_end]
        verbs = [t for t in tokens if reporting_verb(t)]
        if verbs:
            found, pronoun = subject_speaker(verbs[0], mentions)
            # a subject inside this or a later quotation is none (“…,” Flynn said on
            # “Fox and Friends.”: the parser took "Fox" for the subject)
            if is_found((found, pronoun)) and not quoted_subject((found, pronoun), regions[i:]):
                return QuoteSpeaker(found, pronoun)
            for t in tokens:  # "…," said Professor Sato (subject after the verb)
                if t.idx > verbs[0].idx + 40:
                    break
                m = mention_at(mentions, t.idx, t.idx + len(t))
                if m is not None and m.label in SPEAKER_LABELS:
                    return QuoteSpeaker(m)
    intro = text[para_start:start]
    if re.search(r"[:,]\s*$", intro) or re.search(r"\b(that|saying|says|said)\s*$", intro):
        span = doc.char_span(para_start, start, alignment_mode="expand")
        if span is not None:
            verbs = [t for t in span if reporting_verb(t)]
            if not verbs and intro.rstrip().endswith(":"):  # "Limbaugh continued: “…”"
                verbs = [t for t in span if t.tag_.startswith("VB")][-1:]
            if verbs:
                verb = verbs[-1]
                found, pronoun = subject_speaker(verb, mentions)
                if is_found((found, pronoun)):
                    return QuoteSpeaker(found, pronoun)
                candidates = []
                for m in mentions:
                    if para_start <= m.start < verb.idx and m.label in SPEAKER_LABELS:
                        depth = text.count("(", para_start, m.start) - text.count(
                            ")", para_start, m.start
                        )
                        if depth == 0:
                            candidates.append(m)
                person = [m for m in candidates if m.label == "PERSON"]
                subjects = [m for m in person if _is_subject(doc, m)]
                if subjects or person or candidates:
                    return QuoteSpeaker((subjects or person or candidates)[-1])
    return QuoteSpeaker()


#: A dash ending the words before a quotation, right after what it names.
_DASH_INTRO = re.compile(r"\s*(?:―|—|–|--)\s*$")


def _is_subject(doc, mention: Mention) -> bool:
    """Whether the name is the subject of its clause: when the parse cannot say whose
    verb introduces a quotation ("Mr. Trump hardly clarified the matter, treating
    Mrs. Clinton's remark …, asserting, “…”"), the person acting speaks, not the one
    whose remark is mentioned."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}


#: Prepositions that give examples of those who spoke: "including X", "like X", "such as X".
_EXAMPLES = frozenset({"including", "like", "as"})


def _may_speak(doc, mention: Mention) -> bool:
    """Whether a name before a dash can be the quotation's speaker: a subject or an
    example of those who spoke ("including Mitt Romney -- “…”"), not the object of what
    someone else says ("supportive of Mr. Trump -- “a completely different …”")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.dep_ == "appos":
        head = head.head
    if head.dep_ == "pobj":
        return head.head.lower_ in _EXAMPLES
    return head.dep_ in {"nsubj", "conj", "ROOT"}


def speakers_by_region(
    doc, text: str, regions: list[tuple[int, int]], mentions: list[Mention]
) -> dict[tuple[int, int], QuoteSpeaker]:
    """Who speaks in each quotation; an unattributed quotation takes the speaker of the
    next one in its paragraph (“…” “…,” she said.), else continues the previous one when
    it follows it in the same or the next paragraph."""
    own = [_quote_speaker(doc, text, regions, i, mentions) for i in range(len(regions))]
    speakers: dict[tuple[int, int], QuoteSpeaker] = {}
    previous: tuple[tuple[int, int], QuoteSpeaker] | None = None
    for i, region in enumerate(regions):
        found = own[i]
        if not is_found(found.found) and opens_sentence(text, region[0]):
            found = _next_in_paragraph(text, regions, own, i) or found
            if not is_found(found.found):
                found = _reported_just_before(doc, text, regions, i, mentions) or found
        if not is_found(found.found):
            found = _next_in_sentence(doc, regions, own, i) or found
        if not is_found(found.found) and previous is not None:
            (_prev_start, prev_end), prev_found = previous
            between = text[prev_end : region[0]]
            if between.count("\n\n") <= 1 and len(between) < 400:
                found = prev_found
        speakers[region] = found
        if is_found(found.found):
            previous = (region, found)
    return speakers


def _next_in_paragraph(
    text: str, regions: list[tuple[int, int]], own: list[QuoteSpeaker], i: int
) -> QuoteSpeaker | None:
    """The first attributed quotation after ``regions[i]`` in the same paragraph."""
    for j in range(i + 1, len(regions)):
        if "\n\n" in text[regions[i][1] : regions[j][0]]:
            return None
        if is_found(own[j].found):
            return own[j]
    return None


def _next_in_sentence(
    doc, regions: list[tuple[int, int]], own: list[QuoteSpeaker], i: int
) -> QuoteSpeaker | None:
    """The speaker of a later quotation in the same sentence: "X treated it as a
    compliment -- “That makes me smart” -- and later, asserting, “…”" quotes X twice."""
    span = doc.char_span(regions[i][0], regions[i][1], alignment_mode="expand")
    if span is None:
        return None
    sentence_end = span[0].sent.end_char
    for j in range(i + 1, len(regions)):
        if regions[j][0] >= sentence_end:
            return None
        if is_found(own[j].found):
            return own[j]
    return None


def _reported_just_before(
    doc, text: str, regions: list[tuple[int, int]], i: int, mentions: list[Mention]
) -> QuoteSpeaker | None:
    """ "Cummings called him a master at deals. “He showed again and again …”": a
    quotation opening a sentence goes on from the named speaker of the sentence just
    before it in its paragraph, who is nearer than an earlier quotation's."""
    region = regions[i]
    span = doc.char_span(region[0], region[1], alignment_mode="expand")
    if span is None or span[0].sent.start == 0:
        return None
    before = doc[span[0].sent.start - 1].sent
    if "\n\n" in text[before.end_char : region[0]] or in_regions(before.start_char, [region]):
        return None
    for verb in reporting_verbs_in(before):
        found = subject_speaker(verb, mentions)
        if not is_found(found) or quoted_subject(found, regions):
            continue  # “…,” Flynn said on “Fox and Friends.”: not Fox
        if found[0] is not None and found[0].label in {"PERSON", "ORG"}:
            return QuoteSpeaker(found[0])
    return None
