"""Mentions out of an analysed document, with canonical names resolved within it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing_reader.core.analysis import gazetteer as gz

if TYPE_CHECKING:
    from briefing_reader.core.entity_store import ResolvedMention

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: offsets into the document text, label, canonical name."""

    start: int
    end: int
    text: str
    label: str
    canonical: str

    def to_json(self) -> dict[str, object]:
        return mention_json(self)


def mention_json(mention: Mention | ResolvedMention) -> dict[str, object]:
    """The ``analyze``/``show`` JSON shape of one mention."""
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "canonical": mention.canonical,
    }


def normalise_name(text: str) -> str:
    """One spelling per name: single spaces, straight apostrophes."""
    return _SPACES.sub(" ", text.replace("’", "'")).strip()


#: Words a title-case headline leaves in lower case.
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "nor", "of",
     "off", "on", "onto", "or", "over", "per", "than", "the", "to", "up", "upon", "via", "vs",
     "vs.", "with"}
)  # fmt: skip
_LINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def title_case_line(text: str, char: int, cache: dict[int, bool] | None = None) -> bool:
    """True when the line holding ``char`` is a title-case headline or caption.

    Every word there but the minor ones is capitalised ("Derelict Obama and Clinton",
    "Obama Says Museum Will Tell of …"), so capitals say nothing about names in it.
    ``cache`` (line start → answer) saves re-reading a line.
    """
    start = text.rfind("\n", 0, char) + 1
    if cache is not None and start in cache:
        return cache[start]
    end = text.find("\n", char)
    words = _LINE_WORD.findall(text[start : len(text) if end < 0 else end])
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    answer = len(content) >= 3 and all(w[0].isupper() for w in content)
    if cache is not None:
        cache[start] = answer
    return answer


def _never(pos: int) -> bool:
    return False


def _person_resolver(
    names: list[tuple[int, str]], in_headline: Callable[[int], bool] = _never
) -> dict[str, str]:
    """Map person mentions to the full name they refer to in this document.

    "Austin" → "Lloyd Austin", "Yoon" → "Yoon Suk Yeol", "Minoru" → "Minoru Kihara":
    a name resolves to a longer name containing all its words, the nearest one
    introduced before it, else the first after it, and on to the name that one
    resolves to ("Trump" → "Donald Trump" → "Donald J. Trump"). Ambiguous cases (two
    different longer names fit equally) stay as written.

    A surname the text keeps using on its own before any full name with it names
    someone else: "Obama", eleven times before a late "Michelle Obama", stays
    "Obama". That is when its uses before the full name (those ``in_headline``, in a
    title-case line, aside) outnumber its uses after it and the full name's together.
    """
    full = [(pos, name) for pos, name in names if " " in name]
    words_of = {name: set(name.split()) for _, name in names}
    resolved: dict[str, str] = {}

    def final(name: str) -> str:
        seen = {name}
        while name in resolved and resolved[name] not in seen:
            name = resolved[name]
            seen.add(name)
        return name

    # longer names first, so candidates are already resolved
    for name in sorted(words_of, key=lambda n: (-len(words_of[n]), n)):
        fits = [(p, n) for p, n in full if n != name and words_of[name] < words_of[n]]
        fits = [(p, final(n)) for p, n in fits if final(n) != name]
        if not fits:
            continue
        target = None
        after = before_any = 0
        for pos, n in names:
            if n != name:
                continue
            before = [c for c in fits if c[0] <= pos]
            if before:
                after += 1
            elif not in_headline(pos):
                before_any += 1
            candidates = {c for _, c in (before or fits)}
            if len(candidates) == 1:
                target = candidates.pop()
        if target is None:
            continue
        surname = " " not in name and not target.startswith(name + " ")
        if surname and before_any > after + len(fits):
            continue
        resolved[name] = target
    return {name: final(name) for name in resolved}


def canonical_for(label: str, text: str) -> str:
    """The library-wide name for a mention before within-document resolution."""
    name = normalise_name(text)
    if label == "GPE":
        return gz.canonical_country(name) or name
    return name


#: Last words that make a "person" an organisation ("Thanh Nien Newspaper").
ORG_WORDS = frozenset(
    {
        "University",
        "Institute",
        "Newspaper",
        "News",
        "Times",
        "Post",
        "Agency",
        "Ministry",
        "Council",
        "Center",
        "Centre",
        "Foundation",
        "Party",
        "Bank",
        "Company",
        "Corporation",
    }
)


def _names_source(name: str, source: str) -> bool:
    """True when ``name`` is the publication itself ("Thanh Nien" of "Thanh Nien Newspaper")."""
    source = normalise_name(source)
    if source.startswith("The "):
        source = source[4:]
    if len(name) < 4 or gz.canonical_country(name):
        return False
    return source == name or source.startswith(name + " ")


def _relabel(label: str, text: str, person_words: dict[str, set[str]], source: str | None) -> str:
    """Fix labels using the rest of the document.

    A word of a person's full name is that person ("Nakatani asked", "Austin and
    Minoru"), a name ending in "University" is an organisation, and the document's
    own source ("Thanh Nien") is the publication.
    """
    name = normalise_name(text)
    if source and label in {"PERSON", "ORG"} and _names_source(name, source):
        return "ORG"
    single_word = " " not in name
    if (
        label in {"ORG", "GPE", "NORP", "LOC"}
        and single_word
        and any(name in words for words in person_words.values())
    ):
        return "PERSON"
    if label == "PERSON" and name.split()[-1] in ORG_WORDS:
        return "ORG"
    return label


class _HeadlineTest:
    """Is a position in a title-case line? Reads the Doc's text (a join of every token)
    only when asked."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.text: str | None = None
        self.lines: dict[int, bool] = {}

    def __call__(self, pos: int) -> bool:
        if self.text is None:
            self.text = self.doc.text
        return title_case_line(self.text, pos, self.lines)


def mentions_of(doc, source: str | None = None) -> list[Mention]:  # doc: spacy Doc
    """The document's entities as mentions with canonical names.

    ``source`` (the publication, when known) keeps its name from being read as a person.
    """
    ents = [(ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents]
    person_words = {
        normalise_name(text): set(normalise_name(text).split())
        for _, _, text, label in ents
        if label == "PERSON" and " " in text.strip()
    }
    raw = [(s, e, t, _relabel(lab, t, person_words, source)) for s, e, t, lab in ents]
    people = [(s, canonical_for("PERSON", t)) for s, _, t, lab in raw if lab == "PERSON"]
    resolve = _person_resolver(people, _HeadlineTest(doc))
    mentions = []
    for start, end, text, label in raw:
        canonical = canonical_for(label, text)
        if label == "PERSON":
            canonical = resolve.get(canonical, canonical)
        elif label == "ORG" and source and _names_source(canonical, source):
            canonical = normalise_name(source)
        mentions.append(Mention(start, end, text, label, canonical))
    return mentions


@dataclass(slots=True)
class Analysis:
    """Everything the analysis finds in one document."""

    mentions: list[Mention]
    claims: list  # list[claims.Claim]
    #: Why the analysis failed (then nothing was found); None when it succeeded.
    error: str | None = None


def analyse(
    items: Iterable[tuple[str, str | None]],
    rules: bool = True,
    processes: int = 1,
    batch_size: int = 16,
    claims: bool = True,
    deadline: float | None = None,
) -> Iterator[Analysis]:
    """Entities and claims for each (text, source) pair, in order; spaCy loads on first use.

    The full pipeline computes both in its last component, so with ``processes`` > 1
    the work happens in the worker processes; the source rides along in the Doc. Long
    texts go in bounded pieces, and a document that fails (or runs past ``deadline``
    seconds) yields an Analysis with ``error`` set instead of stopping the stream.
    """
    from briefing_reader.core.analysis.findings import SOURCE, from_plain
    from briefing_reader.core.analysis.pipeline import pipeline

    if rules and claims:
        if processes > 1:
            from briefing_reader.core.analysis.parallel import analyse_in_workers

            stream = analyse_in_workers(items, processes, batch_size, deadline)
        else:
            from briefing_reader.core.analysis.bounded import analyse_bounded

            stream = analyse_bounded(pipeline(), items, batch_size, deadline)
        for data in stream:
            if isinstance(data, dict):
                yield Analysis(*from_plain(data))
            else:
                yield Analysis([], [], error=data.reason)
        return
    nlp = pipeline(rules, claims=False)

    def docs() -> Iterator:
        for text, source in items:
            doc = nlp.make_doc(text)
            doc.user_data[SOURCE] = source
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=processes if not rules else 1):
        if not rules:
            yield Analysis(bare_mentions(doc), [])
        else:
            yield Analysis(mentions_of(doc, doc.user_data.get(SOURCE)), [])


def analyse_texts(
    items: Iterable[tuple[str, str | None]],
    rules: bool = True,
    processes: int = 1,
    batch_size: int = 16,
) -> Iterator[list[Mention]]:
    """Only the mentions of :func:`analyse`, from the same pipeline the app runs."""
    for analysis in analyse(items, rules, processes, batch_size):
        yield analysis.mentions


def bare_mentions(doc) -> list[Mention]:
    """The statistical model's entities as they are (the baseline for benchmarks)."""
    from briefing_reader.core.analysis.labels import SPACY_LABELS

    return [
        Mention(e.start_char, e.end_char, e.text, SPACY_LABELS[e.label_], normalise_name(e.text))
        for e in doc.ents
        if e.label_ in SPACY_LABELS
    ]
