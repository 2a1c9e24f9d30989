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

from briefing_reader.core.analysis.claims.attribution import (
    according_to,
    headline_speaker,
    name_then_verb,
    own_attribution,
    possessed_statement,
    stated_content,
    unnamed_speaker,
)
from briefing_reader.core.analysis.claims.claim import KINDS, Claim
from briefing_reader.core.analysis.claims.clauses import attribution_clauses, side_stance, trimmed
from briefing_reader.core.analysis.claims.continuation import continues_report
from briefing_reader.core.analysis.claims.hedges import HEDGE_CUES, HEDGE_RE, hedges_in
from briefing_reader.core.analysis.claims.kinds import editorial_kind, is_claim_sentence
from briefing_reader.core.analysis.claims.nouns import STANCE_ADJECTIVES, STATEMENT_NOUNS
from briefing_reader.core.analysis.claims.pronouns import Antecedents
from briefing_reader.core.analysis.claims.quote_speakers import QuoteSpeaker, speakers_by_region
from briefing_reader.core.analysis.claims.quotes import (
    QUOTE_SHARE,
    in_regions,
    inside,
    quote_regions,
)
from briefing_reader.core.analysis.claims.running import Running
from briefing_reader.core.analysis.claims.scoring import WEIGHTS, score
from briefing_reader.core.analysis.claims.selection import select_key_claims
from briefing_reader.core.analysis.claims.speaker_labels import intro_speaker
from briefing_reader.core.analysis.claims.structure import (
    dateline_end,
    dateline_spans,
    is_furniture,
    is_headline,
    leading_furniture,
    trailing_furniture,
)
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
    STANCE_VERBS,
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


def extract_claims(doc, mentions: list[Mention], source: str | None = None) -> list[Claim]:
    """The claims of an analysed document (``doc`` must have a dependency parse)."""
    text = doc.text  # built once: spaCy rebuilds it on every access
    datelines = dateline_spans(text)
    # A dateline names where, never who: its place is nobody's speaker.
    mentions = sorted(
        (m for m in mentions if not in_regions(m.start, datelines)), key=lambda m: m.start
    )  # lookups bisect on starts
    regions = quote_regions(text)
    region_speakers = speakers_by_region(doc, text, regions, mentions)
    antecedents = Antecedents(doc, regions, mentions, text)
    state = Running(mentions, text)
    claims: list[Claim] = []
    claim_sents = []
    paragraph = -1
    for sent in doc.sents:
        previous_paragraph = paragraph
        paragraph = text.count("\n\n", 0, sent.start_char)
        state.next_sentence(sent, text, mentions, paragraph, paragraph != previous_paragraph)
        intro = intro_speaker(sent, text, mentions)
        if intro is not None:
            state.statement(intro, sent, paragraph)
            continue  # "X said:" is no claim by itself; what follows is X's
        if not is_claim_sentence(sent) or _boilerplate(sent, text):
            continue
        for part in attribution_clauses(sent, regions, mentions):
            claim = _claim(part, text, datelines)
            if claim is None:
                continue
            speaker, according = _attribute(
                claim, part, paragraph, (regions, region_speakers, mentions), antecedents, state
            )
            if speaker is None and claim.kind not in {"quote", "reported"} and source:
                claim.speaker, claim.speaker_label = source, "ORG"  # the editorial voice
            state.after_claim(claim, speaker, part, paragraph, according)
            claim.hedges = hedges_in(part, claim.start, text)
            claims.append(claim)
            claim_sents.append(part)
    select_key_claims(claims, score(claims, claim_sents, mentions, text))
    return claims


def _boilerplate(sent, text: str) -> bool:
    """Headlines repeated as the first line, credits and media markers."""
    start, end = sent.start_char, sent.end_char
    return is_headline(text, start, end) or is_furniture(text[dateline_end(text, start) : end])


def _claim(part, text: str, datelines: list[tuple[int, int]]) -> Claim | None:
    """The claim a sentence or clause makes, without its dateline or a credit run into
    its end."""
    start = part.start_char
    start = next((b for a, b in datelines if a <= start < b), start)
    start, end = trimmed(text, start, part.end_char)
    start = leading_furniture(text, start, end)
    end = trailing_furniture(text, start, end)
    if end - start < 12 or text[end - 1] == "?":
        return None  # nothing left, or a question once the credit is gone
    return Claim(start, end, text[start:end], kind="event")


def _attribute(
    claim: Claim, part, paragraph: int, found_in, antecedents: Antecedents, state: Running
) -> tuple[Mention | None, bool]:
    """Set the claim's kind and speaker; return the speaker's mention and whether the
    claim reports "according to" someone. ``found_in``: quotation regions, their
    speakers and the mentions."""
    regions, region_speakers, mentions = found_in
    speaker, pronoun, according = _speaker_of(
        part, claim.start, claim.end, regions, region_speakers, mentions, claim
    )
    if pronoun is not None and speaker is None:
        speaker = antecedents.resolve(pronoun, part.start_char, state.speakers)
        claim.inferred = "pronoun" if speaker is not None else ""
    if state.label_by is not None or state.said_by is not None:
        speaker, claim.kind = state.said_by or state.label_by, "quote"
    if speaker is None and state.statement_by is not None and paragraph > 0:
        speaker, claim.inferred = state.statement_by, "statement"
        claim.named_at = state.statement_at
        if claim.kind not in {"quote", "reported"}:
            claim.kind = "quote"
    if (
        speaker is None
        and state.report is not None
        and claim.kind not in {"quote", "reported"}
        and continues_report(part, state.people, backshift=not state.report[3])
    ):
        speaker, claim.kind, claim.inferred = state.report[0], "reported", "continuation"
        claim.named_at = state.report[1]
    if claim.inferred == "pronoun" and speaker is not None:
        claim.named_at = _sentence_of(part.doc, speaker.start)
    if speaker is not None:
        claim.speaker, claim.speaker_label, claim.attributed = (
            speaker.canonical,
            speaker.label,
            True,
        )
    named_here = speaker is not None and claim.start <= speaker.start < claim.end
    if claim.kind == "quote" and not claim.inferred and speaker is not None and not named_here:
        claim.inferred = "quotation"
        claim.named_at = _sentence_of(part.doc, speaker.start)
    return speaker, according


def _named_in(speaker: QuoteSpeaker, start: int, end: int) -> bool:
    """Whether a quotation's speaker is named (or stood for) between ``start`` and ``end``."""
    position = speaker.mention.start if speaker.mention is not None else speaker.pronoun.idx
    return start <= position < end


def _sentence_of(doc, char: int) -> tuple[int, int] | None:
    """The sentence holding ``char``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    return sent.start_char, sent.end_char


def _speaker_of(
    sent,
    start: int,
    end: int,
    regions: list[tuple[int, int]],
    region_speakers: dict[tuple[int, int], QuoteSpeaker],
    mentions: list[Mention],
    claim: Claim,
) -> tuple[Mention | None, object, bool]:
    """Set the claim's kind; return its speaker (or the pronoun standing for them) and
    whether it came from "according to"."""
    in_quote = inside(start, end, regions)
    quoted = [region_speakers[r] for r in regions if r[0] < end and start < r[1]]
    known = next((q for q in quoted if is_found(q.found)), None)
    cited = according_to(sent, mentions)  # (mention, pronoun, whether "according to")
    if in_quote >= QUOTE_SHARE or (known is not None and in_quote >= 0.15):
        claim.kind = "quote"
        signed = next((q for q in quoted if q.adjacent), None)
        if signed is not None:  # "A chorus … has said the same, including X -- “…”"
            return (*signed.found, False)
        if sent[0].lower_ == "according" and is_found(cited[:2]):
            # "According to Yahoo News, Clinton's spokesman said …": the source the writer
            # cites holds the whole report, the spokesman's words included
            return cited
        own = own_attribution(sent, regions, mentions) if in_quote < 1 else NOBODY
        if is_found(own):
            return (*own, False)
        if known is not None and not _named_in(known, start, end) and cited[0] is not None:
            # "According to a complaint filed by the S.E.C., the developers …": the
            # sentence's own source beats a speaker carried over from earlier quotations
            return cited
        if known is not None:
            return (*known.found, False)
    if cited[2]:
        claim.kind = "reported" if claim.kind != "quote" else claim.kind
        return cited
    for verb in reporting_verbs_in(sent):
        if side_stance(verb):
            continue
        found = subject_speaker(verb, mentions)
        if is_found(found):
            if claim.kind != "quote":
                claim.kind = "reported"
            return (*found, False)
    found = headline_speaker(sent, mentions)
    if not is_found(found):
        found = name_then_verb(sent, mentions)
    if not is_found(found):
        found = stated_content(sent, regions, mentions)
    if not is_found(found) and not HEDGE_RE.search(sent.text):
        found = possessed_statement(sent, regions, mentions)  # hedged: the writer's guess
    if is_found(found):
        if claim.kind != "quote":
            claim.kind = "reported"
        return (*found, False)
    if claim.kind != "quote":
        claim.kind = "reported" if unnamed_speaker(sent, regions) else editorial_kind(sent)
    return (*NOBODY, False)
