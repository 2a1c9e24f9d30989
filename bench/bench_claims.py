"""Claim benchmark against the PolNeAR attribution annotations (dev split).

Runs the app's analysis (entities and claims, ``rules=True``) over the 84 articles of
``../shared/data/polnear-dev`` and compares the claims with the hand-annotated
attributions (source, cue, content) of ``attributions/NAME.ann``.

    .venv/bin/python bench/bench_claims.py [--data PATH] [--json PATH] [--errors N]
                                           [--source none|publisher]

Texts are fed as they are; ``--source none`` (the default) passes no publication, so
editorial claims have no speaker; ``--source publisher`` passes the publisher's name
(from ``metadata.tsv``). Every ``E`` line with a content is one attribution (including
``Attribution-no-source``); a ``Content2`` span joins the content. Discontinuous spans
(``start end;start end``) count their parts only.

Metrics (the project's goals in brackets):

- **coverage** [≥ 90 %]: of attributions whose content has 4 words or more, the share
  with a *covering claim*: the single claim whose span overlaps the most content
  characters, provided it overlaps at least half of them. The *union* variant counts
  an attribution covered when all claims together overlap at least half of the content
  (a quote running over three sentences is three claims).
- **speaker right**: of covered attributions whose source is (or resolves to) a
  name, the share where the covering claim's speaker matches it. A pronoun source ("he",
  "she", "they", "who", …) resolves to the nearest preceding *named* Source span of the
  same article (gold resolution, independent of the app); "I" and "we" outside
  quotation marks are the writer and stay unresolved; the alternative resolution takes
  the nearest preceding PERSON mention of the analysis outside the content. A source is
  named when it has a capitalised word that is not merely a sentence's first word (a
  sentence-initial word counts when it is capitalised elsewhere mid-sentence or spaCy's
  tagger reads it as a proper noun: "Trump said" is named, "Several experts said" is
  not) and some part of it ends in a name: "the Vermont senator", "Clinton aides" and
  "a Donald Trump tweet" are nominal. Nominal sources ("sources", "the president",
  "experts") are counted but not scored. The speaker is compared under its canonical name
  and every name the document's mentions use for the same entity (an acronym the text
  defines: "AROS"). Names match case-insensitively after dropping
  titles (Mr., Sen., President, …), articles and possessives, when they share the last
  capitalised word or one's words contain the other's, part by part (appositions, names
  joined by "and", the head before "of"). The goal is on attributions whose cue is a
  word of speech, thought or finding (the benchmark's own list) [≥ 96 %], and among those
  on paraphrased contents, not inside quotation marks [≥ 90 %]; actions and states
  ("Britain long blocked …") are reported apart. Speech cues are also split by source:
  named in the text (the annotation itself is the gold) and pronouns (the gold is the
  resolution above, a guess). Also reported: the share of covered
  attributions whose covering claim has an attributed speaker (any).
- **attributed claims matching** [≥ 95 %]: of claims with ``attributed=True``, the share
  that overlap some annotated content (of any length) by at least half of the claim's or
  of the content's characters; the claim's characters do not count that attribution's own
  source and cue ('"It's hard," said Ryan Ellis, a tax consultant.' is the content and its
  frame). The lenient variant counts any overlap with a content, or
  a claim holding an annotated Source span ('"It's hard," said Ryan Ellis, a tax
  consultant.' against a content made of several quoted stretches). Also reported: speaker
  right among covered attributions whose claim has an attributed speaker (precision of
  the speakers given).

Everything is deterministic: one process, articles in name order, no timings.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from briefing_reader.core.analysis.pipeline import analyse

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-dev"

#: Speaker right is a goal on speech, thought and finding cues (plain actions and states
#: stay events in the writer's voice), and on paraphrased speech on its own.
GOALS = {
    "coverage": 0.90,
    "speaker_right_speech_cues": 0.96,
    "speaker_right_paraphrased_speech": 0.90,
    "attributed_matching": 0.95,
}
MIN_CONTENT_WORDS = 4
PUBLISHER_NAMES = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}
_PRONOUN_WORDS = """he she they it i we you who which that his her their its him them us me our my
    this these those whom whose one"""
PRONOUNS = frozenset(_PRONOUN_WORDS.split())
_TITLE_WORDS = """mr mrs ms miss dr president sen senator gov governor rep representative secretary
    gen general judge justice rev prof professor vice former sir lord speaker chairman
    chairwoman candidate nominee presidential democratic republican gop attorney mayor
    lt col capt adm sgt first lady the a an"""
TITLES = frozenset(_TITLE_WORDS.split())

Spans = list[tuple[int, int]]


# -- gold -------------------------------------------------------------------------------


@dataclass(slots=True)
class Attribution:
    article: str
    publisher: str
    content: Spans
    content_text: str
    source: tuple[int, int] | None
    source_text: str | None
    cue_text: str
    words: int
    #: the source and cue spans: the attribution's frame ("said Ryan Ellis, a tax consultant")
    frame: Spans = field(default_factory=list)
    resolved: str | None = None  # the source's name, pronouns resolved (gold)
    resolved_alt: str | None = None  # pronouns resolved to the preceding PERSON mention
    source_kind: str = "none"  # none, name, pronoun, nominal


@dataclass(slots=True)
class Article:
    name: str
    publisher: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)


def _spans(offsets: str) -> Spans:
    return [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]


def parse_ann(path: Path, text: str, article: str, publisher: str) -> list[Attribution]:
    """The attributions of one brat file, in content order."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, _ = line.split("\t", 2)
            kind, offsets = info.split(" ", 1)
            spans[tid] = (kind, _spans(offsets))
        elif line.startswith("E"):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split())
            events.append(roles)
    result = []
    for roles in events:
        content = sorted(
            s for key in ("Content", "Content2") if key in roles for s in spans[roles[key]][1]
        )
        if not content:
            continue
        content_text = " ".join(text[a:b] for a, b in content)
        source = None
        if "Source" in roles:
            parts = spans[roles["Source"]][1]
            source = (parts[0][0], parts[-1][1])
        cue = " ".join(text[a:b] for a, b in spans[roles["Cue"]][1]) if "Cue" in roles else ""
        frame = [s for key in ("Source", "Cue") if key in roles for s in spans[roles[key]][1]]
        result.append(
            Attribution(
                article=article,
                publisher=publisher,
                content=content,
                content_text=content_text,
                source=source,
                source_text=text[source[0] : source[1]] if source else None,
                cue_text=cue,
                frame=frame,
                words=sum(1 for w in content_text.split() if any(c.isalnum() for c in w)),
            )
        )
    result.sort(key=lambda a: a.content[0])
    return result


def load_articles(data: Path) -> list[Article]:
    publishers: dict[str, str] = {}
    with (data / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            publishers[row["filename"]] = row["publisher"]
    articles = []
    for path in sorted((data / "text").glob("*.txt")):
        name = path.stem
        publisher = publishers.get(name, name.split("_", 1)[0])
        text = path.read_text(encoding="utf-8")
        article = Article(name, publisher, text)
        ann = data / "attributions" / f"{name}.ann"
        if ann.exists():
            article.attributions = parse_ann(ann, text, name, publisher)
        articles.append(article)
    return articles


# -- names ------------------------------------------------------------------------------


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"“'‘(—-"):
        i -= 1
    return i < 0 or text[i] in ".?!:" or text[i:start].count("\n") > 0


def source_kind(text: str, start: int, source: str, tagger=None) -> str:
    """name, pronoun or nominal (see the module docstring)."""
    if source.strip().lower() in PRONOUNS:
        return "pronoun"
    if _common_head(source):
        return "nominal"  # "the Vermont senator", "Clinton aides", "a Donald Trump tweet"
    for match in re.finditer(r"[A-Za-z][\w.'’-]*", source):
        word = match.group()
        if not word[0].isupper() or word.lower().rstrip(".") in TITLES:
            continue
        if match.start() == 0 and _sentence_initial(text, start):
            if tagger is not None:
                if _capitalised_inside_a_sentence(text, word) or _proper_noun(tagger, text, start):
                    return "name"
                continue  # "Several experts", "Polls": capitalised by position only
            if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text):
                continue  # "Officials said": a common word, capitalised by position
        return "name"
    return "nominal"


def load_tagger():
    """The shipped spaCy model's tagger alone, to tell names from capitalised common words."""
    import spacy

    from briefing_reader.core.analysis.pipeline import MODEL_DIR

    return spacy.load(MODEL_DIR, exclude=["parser", "ner", "lemmatizer"])


def _common_head(source: str) -> bool:
    """Whether every part of the source (split at appositions, "of" phrases and "and")
    that has a capitalised word ends in a common noun, which the names only modify
    ("the Vermont senator", "Clinton aides"); "Apple's chief executive, Tim Cook" has a
    name part."""
    for part in _SOURCE_PARTS.split(source.strip()):
        words = re.findall(r"[A-Za-z][\w.'’-]*", re.sub(r"['’]s?\s*$", "", part.strip()))
        if not any(w[0].isupper() and w.lower().rstrip(".") not in TITLES for w in words):
            continue
        if words[-1][0].isupper():
            return False
    return True


def _capitalised_inside_a_sentence(text: str, word: str) -> bool:
    """Whether ``word`` occurs capitalised somewhere other than a sentence's start."""
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        if not _sentence_initial(text, match.start()):
            return True
    return False


def _proper_noun(tagger, text: str, start: int) -> bool:
    """Whether the word at ``start`` is tagged a proper noun in its line (spaCy's tagger)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    doc = tagger(text[line_start:line_end])
    token = next((t for t in doc if line_start + t.idx >= start), None)
    return token is not None and token.pos_ == "PROPN"


def inside_quotation(text: str, position: int) -> bool:
    """Whether ``position`` lies between quotation marks of its paragraph."""
    paragraph = text.rfind("\n", 0, position) + 1
    before = text[paragraph:position]
    curly = before.count("“") - before.count("”")
    return curly > 0 or before.count('"') % 2 == 1


def quoted_content(text: str, content: Spans) -> bool:
    """Whether an attribution's content is quotation-marked: its middle lies inside
    quotation marks, or quotation marks open or close right at its ends."""
    start, end = content[0][0], content[-1][1]
    if inside_quotation(text, (start + end) // 2):
        return True
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return any(q in before for q in '"“') and any(q in after for q in '"”')


def name_words(name: str) -> list[str]:
    """Words of a name without titles, articles and possessives."""
    name = re.sub(r"['’]s\b|['’](?=\s|$)", "", name)
    words = re.findall(r"[A-Za-z][A-Za-z-]*", name)
    return [w for w in words if w.lower() not in TITLES]


def _last_capitalised(words: list[str]) -> str:
    caps = [w for w in words if w[0].isupper()]
    return (caps or words)[-1].lower()


_SOURCE_PARTS = re.compile(r",|\(|\)|\s(?:--|[—–―])\s|\s(?:and|of)\s")


def names_match(speaker: str | None, source: str | None) -> bool:
    """Same last capitalised word, or one's words contain the other's.

    A source is compared part by part: its appositions ("Trump's running mate, Indiana
    Gov. Mike Pence,"; "Kall -- co-editor of …"), the names it joins ("Mr. Grassley and
    Mr. Leahy") and its head before a post-modifier ("Mr. Morgan of the Sierra Club").
    """
    if not speaker or not source:
        return False
    a = name_words(speaker)
    if not a:
        return False
    sa = {w.lower() for w in a}
    for part in _SOURCE_PARTS.split(source):
        b = name_words(part)
        if not b:
            continue
        sb = {w.lower() for w in b}
        if _last_capitalised(a) == _last_capitalised(b) or sa <= sb or sb <= sa:
            return True
    return False


def surface_forms(mentions: list) -> dict[str, set[str]]:
    """Canonical name → the names the document uses for it ("AROS" for the Alliance to
    Reclaim Our Schools it defines, "GOP" for the Republican Party)."""
    forms: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        forms[m.canonical].add(m.text)
    return forms


def speaker_matches(speaker: str | None, forms: dict[str, set[str]], source: str | None) -> bool:
    """The speaker's canonical name, or a name the document uses for the same entity,
    matches the source."""
    if not speaker:
        return False
    return any(names_match(name, source) for name in {speaker} | forms.get(speaker, set()))


_PERSONAL = frozenset({"he", "she", "him", "his", "her", "i", "me", "my"})
_GENDERED = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_HONORIFIC_NAME = re.compile(
    r"\b(?:(Mr)|(Mrs|Ms|Miss))\.?\s+((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)"
)
_GENDERED_ROLES = {
    "m": re.compile(r"\b(?:spokesman|congressman|chairman|businessman|father|husband|son)\b"),
    "f": re.compile(
        r"\b(?:spokeswoman|congresswoman|chairwoman|businesswoman|mother|wife|daughter|first lady)\b"
    ),
}


def honorific_genders(text: str) -> dict[str, str]:
    """Surname → "m"/"f" from the article's own honorifics ("Mr. Sharpton", "Ms. Moore");
    a surname given both (a married couple) is left out. Deliberately not the app's
    ``claims.genders``: the gold resolution must not share the app's mistakes."""
    seen: dict[str, set[str]] = defaultdict(set)
    for match in _HONORIFIC_NAME.finditer(text):
        seen[match.group(3).split()[-1].lower()].add("m" if match.group(1) else "f")
    return {name: next(iter(g)) for name, g in seen.items() if len(g) == 1}


def source_gender(source: str, genders: dict[str, str]) -> str | None:
    """A named source's gender where the article says it: an honorific before its
    surname anywhere, or a gendered role in the source itself ("the 34-year-old mother
    of three", "Trump campaign spokesman Jason Miller")."""
    lower = source.lower()
    said = {g for g, role in _GENDERED_ROLES.items() if role.search(lower)}
    words = name_words(_SOURCE_PARTS.split(source)[0])
    if words and words[-1].lower() in genders:
        said.add(genders[words[-1].lower()])
    return next(iter(said)) if len(said) == 1 else None


_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_RELATIVE = {"who": {"PERSON", "ORG"}, "whom": {"PERSON", "ORG"}, "whose": {"PERSON", "ORG"}}
_RELATIVE_REACH = 80


def resolve_sources(article: Article, mentions: list, tagger=None) -> None:
    """Fill ``source_kind``, ``resolved`` and ``resolved_alt`` of each attribution.

    Gold resolution of a pronoun source: "he", "she", "I" (and their other cases) take
    the nearest preceding named Source that holds a PERSON mention of the analysis, else
    the nearest preceding named Source; "it", "they", "we" take the nearest preceding
    Source that is no pronoun, and are nominal when that one is ("Show insiders …
    They said"); "who" takes the PERSON or ORG mention ending at most 80 characters
    before it (its antecedent); "which", "that" and the like are nominal (not scored).
    "I" and "we" outside quotation marks are the writer, who is not named in the text:
    unresolved (not scored).
    """
    text = article.text
    named: list[tuple[int, str, bool]] = []
    groups: list[tuple[int, str | None]] = []  # antecedents of "it", "they": None if nominal
    persons = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    genders = honorific_genders(text)
    for attribution in article.attributions:
        if attribution.source is None:
            continue
        attribution.source_kind = source_kind(
            text, attribution.source[0], attribution.source_text, tagger
        )
        if attribution.source_kind == "name":
            a, b = attribution.source
            person = any(a <= m.start < b for m in persons)
            named.append((a, attribution.source_text, person))
        if attribution.source_kind in {"name", "nominal"}:
            named_text = attribution.source_text if attribution.source_kind == "name" else None
            groups.append((attribution.source[0], named_text))
    named.sort()
    groups.sort(key=lambda group: group[0])
    for attribution in article.attributions:
        kind = attribution.source_kind
        if kind == "name":
            attribution.resolved = attribution.resolved_alt = attribution.source_text
        if kind != "pronoun":
            continue
        start = attribution.source[0]
        pronoun = attribution.source_text.strip().lower()
        before = [(name, person) for pos, name, person in named if pos < start]
        if pronoun in _FIRST_PERSON and not inside_quotation(text, start):
            attribution.resolved = None  # the writer
        elif pronoun in _RELATIVE:
            near = [
                m
                for m in mentions
                if m.label in _RELATIVE[pronoun] and start - _RELATIVE_REACH <= m.end <= start
            ]
            attribution.resolved = near[-1].text if near else None
        elif pronoun in _PERSONAL:
            gender = _GENDERED.get(pronoun)
            if gender is not None:  # "she" never stands for Mr. Sharpton
                before = [
                    (name, person)
                    for name, person in before
                    if source_gender(name, genders) in {None, gender}
                ]
            people = [name for name, person in before if person]
            attribution.resolved = (people or [name for name, _ in before] or [None])[-1]
        elif pronoun in {"it", "its", "they", "them", "their", "we", "us", "our"}:
            antecedents = [name for pos, name in groups if pos < start]
            if antecedents and antecedents[-1] is None:
                attribution.source_kind = "nominal"
                continue
            attribution.resolved = antecedents[-1] if antecedents else None
        else:
            attribution.source_kind = "nominal"  # which, that, this, one, you
            continue
        outside = [
            m
            for m in persons
            if m.end <= start and not any(a <= m.start < b for a, b in attribution.content)
        ]
        attribution.resolved_alt = outside[-1].canonical if outside else None


#: Cues of speech, thought and finding ("said", "according to", "believes", "a poll
#: found", a colon or dash before a quote). Other cues are actions and states that PolNeAR
#: annotates too ("Britain long blocked …", "Clinton has largely ignored …"). This list
#: is the benchmark's own, independent of the app's lexicon; it only splits the report.
_SPEECH_CUE = re.compile(
    r"^\W*$|\b(?:say|says|said|saying|tell|tells|told|telling|according|writes?|wrote|"
    r"written|writing|add(?:s|ed|ing)?|claim\w*|argu\w*|believ\w*|think\w*|thought|"
    r"not(?:e|es|ed|ing)|warn\w*|explain\w*|announc\w*|report\w*|insist\w*|stress\w*|"
    r"suggest\w*|acknowledg\w*|admit\w*|comment\w*|declar\w*|assert\w*|call\w*|ask\w*|"
    r"accus\w*|contend\w*|maintain\w*|predict\w*|estimat\w*|conclu\w*|recall\w*|"
    r"tweet\w*|quot\w*|continu\w*|repl\w*|respon\w*|testif\w*|describ\w*|promis\w*|"
    r"vow\w*|pledg\w*|urg\w*|den(?:y|ies|ied)|confirm\w*|agree\w*|want\w*|"
    r"hop(?:e|es|ed|ing)|expect\w*|fear\w*|feel\w*|felt|know\w*|knew|plan\w*|"
    r"consider\w*|doubt\w*|worr\w*|concern\w*|convinc\w*|sure|statement\w*|remark\w*|"
    r"interview\w*|question\w*|complain\w*|criticiz\w*|prais\w*|blam\w*|put it|"
    r"emphasi\w*|mention\w*|cit(?:e|es|ed|ing)|show\w*|found|find\w*|reveal\w*|"
    r"indicat\w*|view\w*|sees?|saw|seeing)\b",
    re.IGNORECASE,
)


def speech_cue(cue: str) -> bool:
    return bool(_SPEECH_CUE.search(cue.strip()))


# -- scoring ----------------------------------------------------------------------------


def overlap(spans: Spans, start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)


def union_overlap(spans: Spans, claims: list) -> int:
    covered = 0
    for a, b in spans:
        marks = bytearray(b - a)
        for claim in claims:
            lo, hi = max(a, claim.start), min(b, claim.end)
            if lo < hi:
                marks[lo - a : hi - a] = b"\x01" * (hi - lo)
        covered += sum(marks)
    return covered


@dataclass(slots=True)
class Tally:
    attributions: int = 0
    covered: int = 0
    covered_union: int = 0
    no_claim: int = 0  # uncovered, and no claim overlaps the content at all
    with_source: int = 0
    named: int = 0  # covered, source resolves to a name
    nominal: int = 0  # covered, nominal source
    unresolved: int = 0  # covered, pronoun without a preceding named source
    speaker_right: int = 0
    speaker_right_alt: int = 0
    named_attributed: int = 0  # scored, and the covering claim has an attributed speaker
    named_speech: int = 0  # scored, and the cue is a verb or noun of speech or thought
    right_speech: int = 0
    pronoun_speech: int = 0  # speech cue, pronoun source resolved by the benchmark
    right_pronoun_speech: int = 0
    named_paraphrase: int = 0  # speech cue, content not inside quotation marks
    right_paraphrase: int = 0
    right_attributed: int = 0
    alt_scored: int = 0
    any_speaker: int = 0
    attributed_claims: int = 0
    attributed_matching: int = 0
    attributed_lenient: int = 0  # overlaps a content at all, or holds a source span
    claims: int = 0
    kinds: Counter = field(default_factory=Counter)
    attributed_kinds: Counter = field(default_factory=Counter)
    matching_kinds: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            value = getattr(other, name)
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def shares(self) -> dict[str, float | None]:
        return {
            "coverage": _share(self.covered, self.attributions),
            "coverage_union": _share(self.covered_union, self.attributions),
            "speaker_right": _share(self.speaker_right, self.named),
            "speaker_right_alt": _share(self.speaker_right_alt, self.alt_scored),
            "speaker_right_speech_cues": _share(self.right_speech, self.named_speech),
            "speaker_right_paraphrased_speech": _share(
                self.right_paraphrase, self.named_paraphrase
            ),
            "speaker_right_speech_named_sources": _share(
                self.right_speech - self.right_pronoun_speech,
                self.named_speech - self.pronoun_speech,
            ),
            "speaker_right_speech_pronoun_sources": _share(
                self.right_pronoun_speech, self.pronoun_speech
            ),
            "speaker_right_quoted_speech": _share(
                self.right_speech - self.right_paraphrase,
                self.named_speech - self.named_paraphrase,
            ),
            "speaker_right_other_cues": _share(
                self.speaker_right - self.right_speech, self.named - self.named_speech
            ),
            "speaker_right_when_attributed": _share(self.right_attributed, self.named_attributed),
            "any_attributed_speaker": _share(self.any_speaker, self.covered),
            "attributed_matching": _share(self.attributed_matching, self.attributed_claims),
            "attributed_matching_lenient": _share(self.attributed_lenient, self.attributed_claims),
        }

    def to_json(self) -> dict[str, object]:
        counts = {
            name: (
                dict(sorted(getattr(self, name).items()))
                if name.endswith("kinds")
                else getattr(self, name)
            )
            for name in self.__slots__
        }
        return {"counts": counts, "shares": self.shares()}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(slots=True)
class Errors:
    uncovered: list[tuple[Attribution, object, float]] = field(default_factory=list)
    wrong_speaker: list[tuple[Attribution, object]] = field(default_factory=list)
    wrong_speech: list[tuple[Attribution, object]] = field(default_factory=list)
    unmatched: list[tuple[str, str, object]] = field(default_factory=list)


def score_article(article: Article, analysis, errors: Errors, tagger=None) -> Tally:
    tally = Tally()
    claims = analysis.claims
    resolve_sources(article, analysis.mentions, tagger)
    tally.claims = len(claims)
    forms = surface_forms(analysis.mentions)
    tally.kinds.update(c.kind for c in claims)
    for attribution in article.attributions:
        if attribution.words < MIN_CONTENT_WORDS:
            continue
        tally.attributions += 1
        size = sum(b - a for a, b in attribution.content)
        best, best_overlap = None, 0
        for claim in claims:
            got = overlap(attribution.content, claim.start, claim.end)
            if got > best_overlap:
                best, best_overlap = claim, got
        if union_overlap(attribution.content, claims) * 2 >= size:
            tally.covered_union += 1
        if best_overlap * 2 < size:
            tally.no_claim += best is None
            errors.uncovered.append((attribution, best, best_overlap / max(1, size)))
            continue
        tally.covered += 1
        tally.any_speaker += bool(best.attributed and best.speaker)
        if attribution.source is None:
            continue
        tally.with_source += 1
        if attribution.source_kind == "nominal":
            tally.nominal += 1
            continue
        if attribution.resolved is None:
            tally.unresolved += 1
        else:
            tally.named += 1
            right = speaker_matches(best.speaker, forms, attribution.resolved)
            tally.named_attributed += best.attributed
            tally.right_attributed += best.attributed and right
            speech = speech_cue(attribution.cue_text)
            tally.named_speech += speech
            tally.right_speech += speech and right
            pronoun = speech and attribution.source_kind == "pronoun"
            tally.pronoun_speech += pronoun
            tally.right_pronoun_speech += pronoun and right
            paraphrase = speech and not quoted_content(article.text, attribution.content)
            tally.named_paraphrase += paraphrase
            tally.right_paraphrase += paraphrase and right
            if right:
                tally.speaker_right += 1
            else:
                errors.wrong_speaker.append((attribution, best))
                if speech:
                    errors.wrong_speech.append((attribution, best))
        if attribution.resolved_alt is not None:
            tally.alt_scored += 1
            tally.speaker_right_alt += speaker_matches(
                best.speaker, forms, attribution.resolved_alt
            )
    for claim in claims:
        if not claim.attributed:
            continue
        tally.attributed_claims += 1
        tally.attributed_kinds[claim.kind] += 1
        size = claim.end - claim.start
        tally.attributed_lenient += any(
            overlap(a.content, claim.start, claim.end)
            or (a.source and claim.start <= a.source[0] < claim.end)
            for a in article.attributions
        )
        for attribution in article.attributions:
            got = overlap(attribution.content, claim.start, claim.end)
            content = sum(b - a for a, b in attribution.content)
            # the attribution's own frame ("…,” said Ryan Ellis, a tax consultant.") is
            # part of the attribution, not text the claim asserts besides its content
            own = size - overlap(attribution.frame, claim.start, claim.end)
            if got and (got * 2 >= own or got * 2 >= content):
                tally.attributed_matching += 1
                tally.matching_kinds[claim.kind] += 1
                break
        else:
            errors.unmatched.append((article.name, article.text, claim))
    return tally


# -- report -----------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f}%"


def _goal(value: float | None, goal: float) -> str:
    if value is None:
        return ""
    return "ok" if value >= goal else f"below goal {100 * goal:.0f}%"


def _spread(items: list, n: int) -> list:
    """``n`` items evenly spread over the list (deterministic)."""
    if n >= len(items):
        return items
    return [items[i * len(items) // n] for i in range(n)]


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_report(total: Tally, by_publisher: dict[str, Tally], articles: int, source: str) -> None:
    s = total.shares()
    print(f"PolNeAR dev: {articles} articles, source={source}, {total.claims} claims")
    print(f"  claim kinds: {dict(total.kinds.most_common())}")
    print()
    print(
        f"coverage (best claim ≥ 50 % of content) {_pct(s['coverage'])}  "
        f"{total.covered}/{total.attributions}  {_goal(s['coverage'], GOALS['coverage'])}"
    )
    print(
        f"  union of claims ≥ 50 %              {_pct(s['coverage_union'])}  "
        f"{total.covered_union}/{total.attributions}"
    )
    uncovered = total.attributions - total.covered
    print(f"  uncovered: {uncovered}, of which no claim overlaps at all: {total.no_claim}")
    print(
        f"speaker right (gold resolution)         {_pct(s['speaker_right'])}  "
        f"{total.speaker_right}/{total.named}"
    )
    print(
        f"  alt. resolution (preceding PERSON)    {_pct(s['speaker_right_alt'])}  "
        f"{total.speaker_right_alt}/{total.alt_scored}"
    )
    other = total.named - total.named_speech
    print(
        f"  cue of speech or thought            {_pct(s['speaker_right_speech_cues'])}  "
        f"{total.right_speech}/{total.named_speech} "
        f"{_goal(s['speaker_right_speech_cues'], GOALS['speaker_right_speech_cues'])}; "
        "other cues (actions, states) "
        f"{_pct(s['speaker_right_other_cues'])}  {total.speaker_right - total.right_speech}/{other}"
    )
    named_sources = total.named_speech - total.pronoun_speech
    print(
        f"    source named in the text          {_pct(s['speaker_right_speech_named_sources'])}  "
        f"{total.right_speech - total.right_pronoun_speech}/{named_sources}"
    )
    print(
        f"    pronoun source (benchmark's guess) {_pct(s['speaker_right_speech_pronoun_sources'])}  "
        f"{total.right_pronoun_speech}/{total.pronoun_speech}"
    )
    quoted = total.named_speech - total.named_paraphrase
    print(
        f"    quotation-marked speech           {_pct(s['speaker_right_quoted_speech'])}  "
        f"{total.right_speech - total.right_paraphrase}/{quoted}"
    )
    print(
        f"    paraphrased speech                {_pct(s['speaker_right_paraphrased_speech'])}  "
        f"{total.right_paraphrase}/{total.named_paraphrase}  "
        f"{_goal(s['speaker_right_paraphrased_speech'], GOALS['speaker_right_paraphrased_speech'])}"
    )
    print(
        f"  claim speaker attributed            {_pct(s['speaker_right_when_attributed'])}  "
        f"{total.right_attributed}/{total.named_attributed}"
    )
    print(
        f"  covered with a source: {total.with_source}; named or resolved {total.named}, "
        f"nominal {total.nominal}, unresolved pronoun {total.unresolved}"
    )
    print(
        f"covered with an attributed speaker      {_pct(s['any_attributed_speaker'])}  "
        f"{total.any_speaker}/{total.covered}"
    )
    print(
        f"attributed claims matching              {_pct(s['attributed_matching'])}  "
        f"{total.attributed_matching}/{total.attributed_claims}  "
        f"{_goal(s['attributed_matching'], GOALS['attributed_matching'])}"
    )
    print(
        f"  lenient (any overlap, or a source)   {_pct(s['attributed_matching_lenient'])}  "
        f"{total.attributed_lenient}/{total.attributed_claims}"
    )
    for kind in sorted(total.attributed_kinds):
        n = total.attributed_kinds[kind]
        print(
            f"  {kind:<9} {_pct(total.matching_kinds[kind] / n)}  {total.matching_kinds[kind]}/{n}"
        )
    print()
    header = (
        f"{'publisher':<13} {'attr':>5} {'cover':>7} {'union':>7} {'spkr':>7} {'n':>4} "
        f"{'alt':>7} {'anyspk':>7} {'attrcl':>6} {'match':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, tally in [*sorted(by_publisher.items()), ("all", total)]:
        t = tally.shares()
        print(
            f"{name:<13} {tally.attributions:>5} {_pct(t['coverage']):>7} "
            f"{_pct(t['coverage_union']):>7} {_pct(t['speaker_right']):>7} {tally.named:>4} "
            f"{_pct(t['speaker_right_alt']):>7} {_pct(t['any_attributed_speaker']):>7} "
            f"{tally.attributed_claims:>6} {_pct(t['attributed_matching']):>7}"
        )


def print_errors(errors: Errors, n: int) -> None:
    print(f"\n== uncovered attributions ({len(errors.uncovered)}; {n} shown) ==")
    for attribution, best, share in _spread(errors.uncovered, n):
        print(
            f"- [{attribution.article}] source={attribution.source_text!r} cue={attribution.cue_text!r}"
        )
        print(f"    content ({attribution.words} w): {_clip(attribution.content_text, 220)}")
        if best is None:
            print("    no overlapping claim")
        else:
            print(f"    best claim {100 * share:.0f}% [{best.kind}] {_clip(best.text)}")
    print(f"\n== wrong speakers ({len(errors.wrong_speaker)}; {n} shown) ==")
    for attribution, claim in _spread(errors.wrong_speaker, n):
        resolved = (
            ""
            if attribution.resolved == attribution.source_text
            else f" → {attribution.resolved!r}"
        )
        print(
            f"- [{attribution.article}] gold {attribution.source_text!r}{resolved}  "
            f"claim speaker {claim.speaker!r} ({claim.kind}, attributed={claim.attributed})"
        )
        print(f"    claim: {_clip(claim.text, 220)}")
    print(f"\n== wrong speakers on speech cues ({len(errors.wrong_speech)}) ==")
    for attribution, claim in errors.wrong_speech:
        print(
            f"- [{attribution.article}] gold {attribution.source_text!r} → {attribution.resolved!r}"
            f"  cue {attribution.cue_text!r}  claim speaker {claim.speaker!r} ({claim.kind})"
        )
        print(f"    claim: {_clip(claim.text, 220)}")
    print(f"\n== unmatched attributed claims ({len(errors.unmatched)}; {n} shown) ==")
    for name, text, claim in _spread(errors.unmatched, n):
        before = _clip(text[max(0, claim.start - 120) : claim.start], 120)
        print(f"- [{name}] [{claim.kind}] speaker {claim.speaker!r}")
        print(f"    before: …{before}")
        print(f"    claim:  {_clip(claim.text, 220)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="polnear-dev folder")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N examples each")
    parser.add_argument(
        "--source",
        choices=("none", "publisher"),
        default="none",
        help="publication passed to the analysis (default: none)",
    )
    args = parser.parse_args()

    articles = load_articles(args.data)
    items = [
        (
            a.text,
            PUBLISHER_NAMES.get(a.publisher, a.publisher) if args.source == "publisher" else None,
        )
        for a in articles
    ]
    total = Tally()
    by_publisher: dict[str, Tally] = defaultdict(Tally)
    errors = Errors()
    tagger = load_tagger()
    for article, analysis in zip(articles, analyse(items, rules=True, processes=1), strict=True):
        tally = score_article(article, analysis, errors, tagger)
        by_publisher[article.publisher].add(tally)
        total.add(tally)
    print_report(total, by_publisher, len(articles), args.source)
    if args.errors:
        print_errors(errors, args.errors)
    if args.json:
        payload = {
            "data": str(args.data),
            "source": args.source,
            "articles": len(articles),
            "goals": GOALS,
            "total": total.to_json(),
            "publishers": {name: t.to_json() for name, t in sorted(by_publisher.items())},
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
