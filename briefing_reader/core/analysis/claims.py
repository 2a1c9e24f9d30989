"""Key claims: which sentences assert something, who asserts it, how hedged, how important.

Rules over spaCy's sentences and dependency parse, all explainable:

- **Quotes** are sentences mostly inside quotation marks. Quotation regions are paired
  per paragraph, so a quote running over several sentences keeps one speaker. The
  speaker comes from the clause introducing the quote (``X said:``, ``X (role)
  analyzed: "…"``) or following it (``"…," said Professor Sato``).
- **Reported** claims have a reporting verb (said, assessed, …) whose subject is a
  person or organisation, or "according to X". Pronoun subjects resolve to the last
  speaker, else the last named person.
- Everything else speaks in the **editorial voice** (the publication, when known) and is
  a **forecast** (conditional or future), an **assessment** (modal, evaluative, hedged)
  or an **event** (something that happened).
- **Hedges** are cue phrases found in the claim ("may have been", "reportedly").
- **Importance** is a weighted sum of named features, kept with the claim.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from briefing_reader.core.analysis.entities import Mention

KINDS = ("quote", "reported", "assessment", "event", "forecast")

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "analyze",
        "analyse",
        "assess",
        "note",
        "argue",
        "warn",
        "emphasize",
        "emphasise",
        "add",
        "claim",
        "insist",
        "stress",
        "explain",
        "announce",
        "report",
        "confirm",
        "deny",
        "suggest",
        "believe",
        "think",
        "predict",
        "acknowledge",
        "admit",
        "comment",
        "declare",
        "observe",
        "point",
        "reiterate",
        "remark",
        "reply",
        "respond",
        "write",
        "conclude",
        "contend",
        "maintain",
        "estimate",
        "allege",
        "accuse",
        "urge",
        "testify",
        "tweet",
        "post",
    ]
)
#: Longest first, so "may have been" is reported rather than "may".
HEDGE_CUES = (
    "may have been",
    "might have been",
    "could have been",
    "is said to",
    "are said to",
    "was said to",
    "were said to",
    "is believed to",
    "are believed to",
    "is thought to",
    "is expected to",
    "are expected to",
    "is likely to",
    "are likely to",
    "appears to",
    "appear to",
    "seems to",
    "seem to",
    "reportedly",
    "allegedly",
    "apparently",
    "possibly",
    "probably",
    "perhaps",
    "presumably",
    "likely",
    "unlikely",
    "may",
    "might",
    "could",
    "seems",
    "appears",
    "suggests",
    "it is unclear",
    "unconfirmed",
)
_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "denied": "deny",
    "denies": "deny",
    "replied": "reply",
    "replies": "reply",
    "testified": "testify",
    "testifies": "testify",
    "admitted": "admit",
    "admitting": "admit",
    "analyses": "analyse",
    "analyzes": "analyze",
}


def _verb_forms() -> dict[str, str]:
    """Inflected form → reporting verb, so no lemmatizer has to run (it costs ~15 %)."""
    forms: dict[str, str] = dict(_IRREGULAR)
    for verb in REPORTING_VERBS:
        stem = verb[:-1] if verb.endswith("e") else verb
        for form in (verb, verb + "s", verb + "es", stem + "ed", stem + "ing", verb + "ed"):
            forms.setdefault(form, verb)
    return forms


_REPORTING_FORMS = _verb_forms()
_BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re"})


def reporting_verb(token) -> str | None:
    """The reporting verb ``token`` is a form of, or None."""
    if not token.tag_.startswith("VB"):
        return None
    return _REPORTING_FORMS.get(token.lower_)


_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in HEDGE_CUES) + r")\b", re.IGNORECASE)
_ASSESSMENT_MODALS = frozenset(
    {"must", "should", "need", "needs", "ought", "can", "may", "might", "could"}
)
_FORECAST_MODALS = frozenset({"will", "would", "shall", "'ll"})
_EVALUATIVE = re.compile(
    r"\b(essential|important|crucial|vital|necessary|at risk|on the brink|must|should|"
    r"needs? to|it can be said|clearly|undoubtedly|increasingly|unsettled|concern(s|ed)?)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^\s*(if|unless|should|in the event)\b", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them"})
_QUOTE_OPEN = '“"'
_QUOTE_CLOSE = '”"'
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MIN_TOKENS = 6
#: A sentence at least this much inside quotation marks is a quote.
QUOTE_SHARE = 0.3
_MODAL_CUES = frozenset({"may", "might", "could"})

#: Weights of the importance features (each feature is in 0..1).
WEIGHTS = {
    "attributed": 0.25,
    "kind": 0.2,
    "entities": 0.15,
    "numbers": 0.05,
    "position": 0.15,
    "centrality": 0.2,
}
_KIND_VALUE = {"quote": 1.0, "reported": 0.9, "forecast": 0.8, "assessment": 0.8, "event": 0.6}


@dataclass(slots=True)
class Claim:
    """One claim; offsets index the document text; ``speaker`` is a canonical entity name."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_label: str | None = None
    attributed: bool = False  # the speaker comes from an attribution, not the editorial voice
    hedges: list[str] = field(default_factory=list)
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "hedges": self.hedges,
            "score": round(self.score, 4),
        }


# -- quotation regions -------------------------------------------------------------------


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted stretches, including the marks, paired within paragraphs.

    A straight quote glued to a word on its right inside an open quotation opens an
    inner quotation ("… Trump's "America First" tendencies …"), whose closing mark is
    skipped too.
    """
    regions: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        opening: int | None = None
        inner = 0
        for i, char in enumerate(paragraph):
            before = paragraph[i - 1] if i else " "
            after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
            if opening is None:
                if char in _QUOTE_OPEN and not (char == '"' and before.isalnum()):
                    opening = i
            elif char == '"' and after.isalnum() and not before.isalnum():
                inner += 1  # an inner quotation opens
            elif char in _QUOTE_CLOSE:
                if inner and char == '"':
                    inner -= 1
                    continue
                regions.append((offset + opening, offset + i + 1))
                opening, inner = None, 0
        offset += len(paragraph) + 2
    return regions


def _inside(start: int, end: int, regions: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in regions)
    return covered / max(1, end - start)


# -- speakers -------------------------------------------------------------------------


def _mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start <= start and end <= m.end:
            return m
    return None


def _subject_speaker(verb, mentions: list[Mention]) -> tuple[Mention | None, bool]:
    """The mention naming the subject of ``verb`` (or True when it is a pronoun).

    Passive subjects do not count: in "Trump is said to …" others do the saying.
    """
    for child in verb.children:
        head = child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects:
                continue
            head = objects[0]
        elif child.dep_ != "nsubj":
            continue
        if head.lower_ in _PRONOUNS:
            return None, True
        for token in sorted(head.subtree, key=lambda t: abs(t.i - head.i)):
            m = _mention_at(mentions, token.idx, token.idx + len(token))
            if m is not None and m.label in _SPEAKER_LABELS:
                return m, False
        named = _proper_name(head, mentions)
        if named is not None:
            return named, False
    return None, False


def _proper_name(head, mentions: list[Mention]) -> Mention | None:
    """A speaker the entity model missed: a proper-noun subject ("Stumpf said …").

    The name resolves to a person named in full elsewhere in the document when one
    contains it; otherwise it stands as written.
    """
    if head.tag_ != "NNP" or not head.text[:1].isupper():
        return None
    words = [t for t in head.lefts if t.dep_ == "compound" and t.tag_ == "NNP"] + [head]
    start, end = words[0].idx, head.idx + len(head)
    name = " ".join(t.text for t in words)
    for m in mentions:
        if m.label == "PERSON" and set(name.split()) <= set(m.canonical.split()):
            return Mention(start, end, name, "PERSON", m.canonical)
    return Mention(start, end, name, "PERSON", name)


def _reporting_verbs(span) -> list:
    return [t for t in span if reporting_verb(t)]


def _according_to(span, mentions: list[Mention]) -> tuple[Mention | None, bool, bool]:
    """(mention, is_pronoun, found) for "according to X" in ``span``."""
    for token in span:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.nbor().lower_ == "to"
        ):
            if token.i + 2 < len(token.doc):
                target = token.doc[token.i + 2]
                if target.lower_ in _PRONOUNS:
                    return None, True, True
                for t in token.doc[token.i + 2 : min(len(token.doc), token.i + 8)]:
                    m = _mention_at(mentions, t.idx, t.idx + len(t))
                    if m is not None and m.label in _SPEAKER_LABELS:
                        return m, False, True
            return None, False, True
    return None, False, False


# -- kinds ----------------------------------------------------------------------------


def _editorial_kind(sent) -> str:
    root = sent.root
    text = sent.text
    aux = {t.lower_ for t in root.children if t.dep_ in {"aux", "auxpass"}}
    modals = {t.lower_ for t in sent if t.tag_ == "MD"}
    if _CONDITIONAL.match(text) and modals & _FORECAST_MODALS:
        return "forecast"
    if aux & _FORECAST_MODALS:
        return "forecast"
    if aux & _ASSESSMENT_MODALS or _EVALUATIVE.search(text):
        return "assessment"
    if _CONDITIONAL.match(text):
        return "forecast"
    if root.tag_ == "VBD" or (root.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}):
        return "event"
    if root.tag_ == "VBG" and aux & {"is", "are", "was", "were"}:
        return "event"
    if root.lower_ in _BE_FORMS:
        return "assessment"
    if root.tag_ in {"VBZ", "VBP"}:
        return "event"
    return "assessment"


def _is_claim_sentence(sent) -> bool:
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < _MIN_TOKENS or sent.text.rstrip().endswith("?"):
        return False
    if not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in sent):
        return False
    first = sent.text.lstrip().lower()
    return not first.startswith(("source:", "(from ", "from the ", "copyright"))


# -- importance -----------------------------------------------------------------------


def _centrality(sentences: list[list[str]]) -> list[float]:
    """Mean cosine similarity of each sentence's content lemmas to the others (tf-idf)."""
    n = len(sentences)
    if n < 2:
        return [1.0] * n
    df = Counter(word for words in sentences for word in set(words))
    vectors = []
    for words in sentences:
        counts = Counter(words)
        vec = {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    scores = []
    for i, vec in enumerate(vectors):
        total = sum(
            sum(v * other.get(w, 0.0) for w, v in vec.items())
            for j, other in enumerate(vectors)
            if j != i
        )
        scores.append(total / (n - 1))
    top = max(scores) or 1.0
    return [s / top for s in scores]


def _score(claims: list[Claim], sents: list, mentions: list[Mention], text_length: int) -> None:
    content = [[t.lower_ for t in sent if t.is_alpha and not t.is_stop] for sent in sents]
    centrality = _centrality(content)
    for claim, sent, central in zip(claims, sents, centrality, strict=True):
        words = max(1, sum(1 for t in sent if t.is_alpha))
        named = sum(1 for m in mentions if claim.start <= m.start < claim.end and m.label != "DATE")
        features = {
            "attributed": 1.0 if claim.attributed else 0.0,
            "kind": _KIND_VALUE[claim.kind],
            "entities": min(1.0, named / words * 5),
            "numbers": 1.0 if any(t.like_num for t in sent) else 0.0,
            "position": 1.0 - claim.start / max(1, text_length),
            "centrality": round(central, 4),
        }
        claim.features = {k: round(v, 4) for k, v in features.items()}
        claim.score = sum(WEIGHTS[k] * v for k, v in features.items())


# -- the extractor --------------------------------------------------------------------


@dataclass(slots=True)
class _QuoteSpeaker:
    mention: Mention | None = None
    pronoun: bool = False


def _resolve_pronoun(
    position: int, last_speaker: Mention | None, persons: list[Mention]
) -> Mention | None:
    """He/she → the last speaker, else the last person named before ``position``."""
    if last_speaker is not None and last_speaker.start < position:
        return last_speaker
    return next((p for p in reversed(persons) if p.end <= position), None)


def _region_speakers(
    doc, text: str, regions: list[tuple[int, int]], mentions: list[Mention]
) -> dict[tuple[int, int], _QuoteSpeaker]:
    """Who speaks in each quotation; an unattributed quotation continues the previous
    one when it follows it in the same or the next paragraph."""
    speakers: dict[tuple[int, int], _QuoteSpeaker] = {}
    previous: tuple[tuple[int, int], _QuoteSpeaker] | None = None
    for region in regions:
        found = _quote_speaker(doc, text, region, mentions)
        if found.mention is None and not found.pronoun and previous is not None:
            (_prev_start, prev_end), prev_found = previous
            between = text[prev_end : region[0]]
            if between.count("\n\n") <= 1 and len(between) < 400:
                found = prev_found
        speakers[region] = found
        if found.mention is not None or found.pronoun:
            previous = (region, found)
    return speakers


def _intro_speaker(sent, text: str, mentions: list[Mention]) -> Mention | None:
    """The speaker of a line such as "Foreign Office Minister Tobias Ellwood said:" that
    ends its paragraph and introduces the statement below it."""
    stripped = text[sent.start_char : sent.end_char].rstrip()
    colon_end = sent.start_char + len(stripped)
    if not stripped.endswith(":") or text[colon_end : colon_end + 1] not in ("", "\n"):
        return None
    for verb in _reporting_verbs(sent):
        found, _ = _subject_speaker(verb, mentions)
        if found is not None:
            return found
    return None


_FIRST_PERSON = re.compile(r"\b(I|we|We|my|My|our|Our|us)\b")


def extract_claims(doc, mentions: list[Mention], source: str | None = None) -> list[Claim]:
    """The claims of an analysed document (``doc`` must have a dependency parse)."""
    text = doc.text  # built once: spaCy rebuilds it on every access
    regions = quote_regions(text)
    persons = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    region_speakers = _region_speakers(doc, text, regions, mentions)

    claims: list[Claim] = []
    claim_sents = []
    last_speaker: Mention | None = None
    statement_by: Mention | None = None  # set by "X said:" lines, for the paragraphs below
    statement_paragraph = -1
    for sent in doc.sents:
        paragraph = text.count("\n\n", 0, sent.start_char)
        if statement_by is not None and paragraph > statement_paragraph:
            if paragraph > statement_paragraph + 1 and not _FIRST_PERSON.search(sent.text):
                statement_by = None
            else:
                statement_paragraph = paragraph
        intro = _intro_speaker(sent, text, mentions)
        if intro is not None:
            statement_by, statement_paragraph = intro, paragraph
            last_speaker = intro if intro.label == "PERSON" else last_speaker
            continue  # "X said:" is no claim by itself; what follows is X's
        if not _is_claim_sentence(sent):
            continue
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        claim = Claim(start, end, text[start:end], kind="event")
        speaker, pronoun = _speaker_of(sent, start, end, regions, region_speakers, mentions, claim)
        if pronoun and speaker is None:
            speaker = _resolve_pronoun(start, last_speaker, persons)
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
                last_speaker = speaker
        elif claim.kind not in {"quote", "reported"} and source:
            claim.speaker, claim.speaker_label = source, "ORG"
        claim.hedges = _hedges(sent, start, text)
        claims.append(claim)
        claim_sents.append(sent)
    _score(claims, claim_sents, mentions, len(text))
    return claims


def _speaker_of(
    sent,
    start: int,
    end: int,
    regions: list[tuple[int, int]],
    region_speakers: dict[tuple[int, int], _QuoteSpeaker],
    mentions: list[Mention],
    claim: Claim,
) -> tuple[Mention | None, bool]:
    """Set the claim's kind; return its speaker (or that it is an unresolved pronoun)."""
    in_quote = _inside(start, end, regions)
    quoted = [region_speakers[r] for r in regions if r[0] < end and start < r[1]]
    known = next((q for q in quoted if q.mention is not None or q.pronoun), None)
    if in_quote >= QUOTE_SHARE or (known is not None and in_quote >= 0.15):
        claim.kind = "quote"
        if known is not None:
            return known.mention, known.pronoun
    found, pronoun, according = _according_to(sent, mentions)
    if according:
        claim.kind = "reported" if claim.kind != "quote" else claim.kind
        return found, pronoun
    for verb in _reporting_verbs(sent):
        found, is_pronoun = _subject_speaker(verb, mentions)
        if found is not None or is_pronoun:
            if claim.kind != "quote":
                claim.kind = "reported"
            return found, is_pronoun
    if claim.kind != "quote":
        claim.kind = _editorial_kind(sent)
    return None, False


def _hedges(sent, start: int, text: str) -> list[str]:
    """Hedge cues in the sentence; "may", "might", "could" only as modal verbs."""
    modal_positions = {t.idx for t in sent if t.tag_ == "MD"}
    found: list[str] = []
    for m in _HEDGE_RE.finditer(text, start, sent.end_char):
        cue = m.group(1).lower()
        if cue in _MODAL_CUES and m.start() not in modal_positions:
            continue  # "military might"
        if cue not in found:
            found.append(cue)
    return found


def _quote_speaker(
    doc, text: str, region: tuple[int, int], mentions: list[Mention]
) -> _QuoteSpeaker:
    """Who is quoted in ``region``: the clause after the quote, else the one before it.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    start, end = region
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end == -1 else para_end
    after = doc.char_span(end, min(para_end, end + 120), alignment_mode="expand")
    if after is not None:
        clause_end = min(
            (t.idx for t in after if t.text in {'"', "“", "”"} and t.idx > end), default=None
        )
        tokens = [t for t in after if clause_end is None or t.idx < clause_end]
        verbs = [t for t in tokens if reporting_verb(t)]
        if verbs:
            found, pronoun = _subject_speaker(verbs[0], mentions)
            if found is not None or pronoun:
                return _QuoteSpeaker(found, pronoun)
            for t in tokens:  # "…," said Professor Sato (subject after the verb)
                if t.idx > verbs[0].idx + 40:
                    break
                m = _mention_at(mentions, t.idx, t.idx + len(t))
                if m is not None and m.label in _SPEAKER_LABELS:
                    return _QuoteSpeaker(m)
    intro = text[para_start:start]
    if re.search(r"[:,]\s*$", intro) or re.search(r"\b(that|saying|says|said)\s*$", intro):
        span = doc.char_span(para_start, start, alignment_mode="expand")
        if span is not None:
            verbs = [t for t in span if reporting_verb(t)]
            if verbs:
                verb = verbs[-1]
                found, pronoun = _subject_speaker(verb, mentions)
                if found is not None or pronoun:
                    return _QuoteSpeaker(found, pronoun)
                candidates = []
                for m in mentions:
                    if para_start <= m.start < verb.idx and m.label in _SPEAKER_LABELS:
                        depth = text.count("(", para_start, m.start) - text.count(
                            ")", para_start, m.start
                        )
                        if depth == 0:
                            candidates.append(m)
                person = [m for m in candidates if m.label == "PERSON"]
                if person or candidates:
                    return _QuoteSpeaker((person or candidates)[-1])
    return _QuoteSpeaker()
