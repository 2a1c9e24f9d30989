"""What carries over from sentence to sentence while claims are read."""

from __future__ import annotations

import re

from briefing_reader.core.analysis.claims.claim import Claim
from briefing_reader.core.analysis.claims.continuation import opens_report
from briefing_reader.core.analysis.claims.speaker_labels import (
    label_speaker,
    named_before_quote,
    transcript_labels,
)
from briefing_reader.core.analysis.entities import Mention

_FIRST_PERSON = re.compile(r"\b(I|we|We|my|My|our|Our|us)\b")


class Running:
    """What carries over from sentence to sentence: the people who spoke so far (for
    pronouns), a "X said:" line speaking for the paragraphs below, a transcript label
    for its paragraph, and reported speech running on in its paragraph."""

    def __init__(self, mentions: list[Mention] = (), text: str = "") -> None:
        #: capitalised labels taking turns in a transcript ("WALLACE:", "PENCE:")
        self.transcript = transcript_labels(text)
        #: where people and organisations are named (a subject naming one is no continuation)
        self.people = frozenset(m.start for m in mentions if m.label in {"PERSON", "ORG"})
        self.speakers: list[Mention] = []
        self.statement_by: Mention | None = None
        self.statement_at: tuple[int, int] | None = None
        self.statement_paragraph = -1
        self.label_by: Mention | None = None
        self.said_by: Mention | None = None
        #: reported speech that may run on: speaker, sentence naming them, paragraph, and
        #: whether it came from "according to" (else "X said that …")
        self.report: tuple[Mention, tuple[int, int], int, bool] | None = None

    def next_sentence(self, sent, text: str, mentions, paragraph: int, new: bool) -> None:
        if new:
            self.label_by = label_speaker(text, sent.start_char, mentions, False, self.transcript)
        self.said_by = label_speaker(
            text, sent.start_char, mentions, inverted_only=True
        ) or named_before_quote(text, sent.start_char, sent.end_char, mentions)
        if self.statement_by is not None and paragraph > self.statement_paragraph:
            if paragraph > self.statement_paragraph + 1 and not _FIRST_PERSON.search(sent.text):
                self.statement_by = None
            else:
                self.statement_paragraph = paragraph
        if self.report is not None and self.report[2] != paragraph:
            self.report = None

    def statement(self, intro: Mention, sent, paragraph: int) -> None:
        self.statement_by, self.statement_paragraph = intro, paragraph
        self.statement_at = (sent.start_char, sent.end_char)
        if intro.label == "PERSON":
            self.speakers.append(intro)

    def after_claim(
        self, claim: Claim, speaker: Mention | None, part, paragraph: int, according: bool
    ) -> None:
        if speaker is not None and speaker.label == "PERSON" and claim.inferred != "statement":
            # the writer of a statement quoted below "X reports:" is no antecedent of the
            # pronouns in it: they stand for the people it tells of
            self.speakers.append(speaker)
        continued = claim.inferred == "continuation"
        reported = claim.kind == "reported" and speaker is not None and not continued
        if reported and opens_report(part, according):
            # the sentence naming the speaker: this one, or the one "he" stands for
            named = claim.named_at if claim.inferred else (claim.start, claim.end)
            self.report = (speaker, named or (claim.start, claim.end), paragraph, according)
            return
        if not continued:
            self.report = None
