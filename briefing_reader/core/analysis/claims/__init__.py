"""Key claims: which sentences assert something, who asserts it, how hedged, how important.

Rules over spaCy's sentences and dependency parse, all explainable:

- **Quotes** are sentences mostly inside quotation marks (straight, curly or the
  doubled apostrophes of wire copy). Quotation regions are paired per paragraph, so a
  quote running over several sentences keeps one speaker. The speaker comes from the
  clause introducing the quote (``X said:``, ``X (role) analyzed: "…"``, ``Said X:``),
  following it (``"…," said Professor Sato``, ``"…" ― Carla Sanchez``) or from a later
  quotation of the same paragraph; a transcript label (``PENCE: …``) speaks for its
  paragraph.
- **Reported** claims have an attribution verb whose subject is named (a person,
  organisation, country, or a proper noun), "according to X", or a statement owned by
  someone ("Trump's claim that …"). Attribution verbs are verbs of speech (said,
  assessed, …) and, as news attributes intentions, beliefs and findings too, of
  stance, cognition, intention and finding (wants, believes, plans, found, called for,
  criticized, …); plain actions ("Trump signed the bill") stay editorial. Pronoun
  subjects resolve to a person named earlier in the sentence, else the last speaker,
  else the last person named; "they" and "it" to the last group or organisation that
  was a subject.
- Everything else speaks in the **editorial voice** (the publication, when known) and is
  a **forecast** (conditional or future), an **assessment** (modal, evaluative, hedged)
  or an **event** (something that happened).
- **Hedges** are cue phrases found in the claim ("may have been", "reportedly").
- **Importance** is a weighted sum of named features, kept with the claim.

The rules live in the package's modules: ``verbs`` (the attribution lexicon), ``quotes``
(quotation regions), ``subjects`` (the speaker a verb's subject names), ``attribution``
(according to, headlines, statements owned by someone), ``speaker_labels`` (transcript
labels, "X said:" lines), ``pronouns``, ``quote_speakers`` (who speaks in each
quotation), ``kinds``, ``hedges`` and ``scoring``; ``claim`` holds the record. This module
puts them together.
"""

from __future__ import annotations

import re

from briefing_reader.core.analysis.claims.attribution import (
    according_to,
    headline_speaker,
    name_then_verb,
    own_attribution,
    possessed_statement,
    unnamed_speaker,
)
from briefing_reader.core.analysis.claims.claim import KINDS, Claim
from briefing_reader.core.analysis.claims.hedges import HEDGE_CUES, HEDGE_RE, hedges_in
from briefing_reader.core.analysis.claims.kinds import editorial_kind, is_claim_sentence
from briefing_reader.core.analysis.claims.pronouns import Antecedents
from briefing_reader.core.analysis.claims.quote_speakers import QuoteSpeaker, speakers_by_region
from briefing_reader.core.analysis.claims.quotes import QUOTE_SHARE, inside, quote_regions
from briefing_reader.core.analysis.claims.scoring import WEIGHTS, score
from briefing_reader.core.analysis.claims.speaker_labels import intro_speaker, label_speaker
from briefing_reader.core.analysis.claims.subjects import (
    NOBODY,
    ROLE_NOUNS,
    Found,
    is_found,
    subject_speaker,
)
from briefing_reader.core.analysis.claims.verbs import (
    LIGHT_VERBS,
    REPORTING_VERBS,
    STANCE_ADJECTIVES,
    STANCE_VERBS,
    STATEMENT_NOUNS,
    reporting_verb,
    reporting_verbs_in,
)
from briefing_reader.core.analysis.entities import Mention

#: What callers import from ``claims`` (the package keeps the single module's interface).
__all__ = [
    "HEDGE_CUES",
    "KINDS",
    "LIGHT_VERBS",
    "NOBODY",
    "QUOTE_SHARE",
    "REPORTING_VERBS",
    "ROLE_NOUNS",
    "STANCE_ADJECTIVES",
    "STANCE_VERBS",
    "STATEMENT_NOUNS",
    "WEIGHTS",
    "Claim",
    "Found",
    "Mention",
    "extract_claims",
    "quote_regions",
    "reporting_verb",
]

_FIRST_PERSON = re.compile(r"\b(I|we|We|my|My|our|Our|us)\b")


def extract_claims(doc, mentions: list[Mention], source: str | None = None) -> list[Claim]:
    """The claims of an analysed document (``doc`` must have a dependency parse)."""
    text = doc.text  # built once: spaCy rebuilds it on every access
    mentions = sorted(mentions, key=lambda m: m.start)  # lookups bisect on starts
    regions = quote_regions(text)
    region_speakers = speakers_by_region(doc, text, regions, mentions)
    antecedents = Antecedents(doc, regions, mentions)

    claims: list[Claim] = []
    claim_sents = []
    speakers: list[Mention] = []  # the people who spoke so far, for pronouns
    statement_by: Mention | None = None  # set by "X said:" lines, for the paragraphs below
    statement_paragraph = -1
    label_by: Mention | None = None  # "PENCE: …" speaks for the rest of the paragraph
    paragraph = -1
    for sent in doc.sents:
        previous_paragraph = paragraph
        paragraph = text.count("\n\n", 0, sent.start_char)
        if paragraph != previous_paragraph:
            label_by = label_speaker(text, sent.start_char, mentions)
        said_by = label_speaker(text, sent.start_char, mentions, inverted_only=True)
        if statement_by is not None and paragraph > statement_paragraph:
            if paragraph > statement_paragraph + 1 and not _FIRST_PERSON.search(sent.text):
                statement_by = None
            else:
                statement_paragraph = paragraph
        intro = intro_speaker(sent, text, mentions)
        if intro is not None:
            statement_by, statement_paragraph = intro, paragraph
            if intro.label == "PERSON":
                speakers.append(intro)
            continue  # "X said:" is no claim by itself; what follows is X's
        if not is_claim_sentence(sent):
            continue
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        claim = Claim(start, end, text[start:end], kind="event")
        speaker, pronoun = _speaker_of(sent, start, end, regions, region_speakers, mentions, claim)
        if pronoun is not None and speaker is None:
            speaker = antecedents.resolve(pronoun, start, speakers)
        if label_by is not None or said_by is not None:
            speaker, claim.kind = said_by or label_by, "quote"
        if speaker is None and statement_by is not None and paragraph > 0:
            speaker = statement_by
            if claim.kind not in {"quote", "reported"}:
                claim.kind = "quote"
        if speaker is not None:
            claim.speaker, claim.speaker_label, claim.attributed = (
                speaker.canonical,
                speaker.label,
                True,
            )
            if speaker.label == "PERSON":
                speakers.append(speaker)
        elif claim.kind not in {"quote", "reported"} and source:
            claim.speaker, claim.speaker_label = source, "ORG"
        claim.hedges = hedges_in(sent, start, text)
        claims.append(claim)
        claim_sents.append(sent)
    score(claims, claim_sents, mentions, len(text))
    return claims


def _speaker_of(
    sent,
    start: int,
    end: int,
    regions: list[tuple[int, int]],
    region_speakers: dict[tuple[int, int], QuoteSpeaker],
    mentions: list[Mention],
    claim: Claim,
) -> Found:
    """Set the claim's kind; return its speaker (or the pronoun standing for them)."""
    in_quote = inside(start, end, regions)
    quoted = [region_speakers[r] for r in regions if r[0] < end and start < r[1]]
    known = next((q for q in quoted if is_found(q.found)), None)
    if in_quote >= QUOTE_SHARE or (known is not None and in_quote >= 0.15):
        claim.kind = "quote"
        own = own_attribution(sent, regions, mentions) if in_quote < 1 else NOBODY
        if is_found(own):
            return own
        if known is not None:
            return known.found
    found, pronoun, according = according_to(sent, mentions)
    if according:
        claim.kind = "reported" if claim.kind != "quote" else claim.kind
        return found, pronoun
    for verb in reporting_verbs_in(sent):
        found = subject_speaker(verb, mentions)
        if is_found(found):
            if claim.kind != "quote":
                claim.kind = "reported"
            return found
    found = headline_speaker(sent, mentions)
    if not is_found(found):
        found = name_then_verb(sent, mentions)
    if not is_found(found) and not HEDGE_RE.search(sent.text):
        found = possessed_statement(sent, regions, mentions)  # hedged: the writer's guess
    if is_found(found):
        if claim.kind != "quote":
            claim.kind = "reported"
        return found
    if claim.kind != "quote":
        claim.kind = "reported" if unnamed_speaker(sent, regions) else editorial_kind(sent)
    return NOBODY
