"""Synthetic libraries of any size made from news-4k, growing like a real collection.

A library of N documents is the first N documents of one deterministic stream, so the
4k library is part of the 16k one, which is part of the 64k one: the sizes differ in
nothing but size. Document ``i`` of the stream is made like this:

* **A base article.** The 4,258 articles are taken in a shuffled order, reshuffled
  for every pass over the corpus, so each pass uses every article once. The title
  and first paragraph come from the base article, which keeps each document's lead
  and topic coherent.
* **Recombined paragraphs.** Each later paragraph is swapped, with probability 0.4,
  for a paragraph of another article of the same part of the corpus (BBC business,
  Reuters, …), and with probability 0.3 one more such paragraph is appended. Term
  co-occurrence and document lengths therefore vary from copy to copy instead of
  repeating the 4,258 originals, and no two documents have the same text.
* **Renamed entities.** A *name word* is a capitalised word whose lower-case form
  never occurs in the corpus ("Trump", "Ofcom", "Leeds"; not "The" or "Labour's"
  sentence-initial "Labour" if "labour" occurs). Each document draws one *variant*
  ``v`` and replaces every name word ``w`` by a generated name that depends only
  on ``(w, v)``: names stay consistent inside a document ("Donald Trump" and "Mr
  Trump" become "Donald Belvarik" and "Mr Belvarik") and across the library (the
  same variant gives the same person everywhere), and variant 0 keeps the real
  names. The number of variants grows with the stream position
  (``1 + 4 * (i / 1000) ** 0.6``: 10 at 4k, 22 at 16k, 49 at 64k) and low variants
  are drawn more often (``v = int(pool * u**2)``), so new people, places and
  organisations keep appearing with a long tail, as in a growing collection whose
  vocabulary follows Heaps' law rather than saturating at the corpus's 4,258
  articles.
* **Shifted dates.** Four-digit years in the text (1960–2029) move by the
  document's offset of −6 … +3 years, and the document carries a ``Published:``
  line with the base article's date moved by the same years and up to ±180 days,
  so date facets and date sorting spread like a collection gathered over a decade.

Generated names are built from syllables, deterministically from a CRC of the
original word and the variant; no name list is used.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r"[A-Za-z]+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_YEAR = re.compile(r"\b(19[6-9]\d|20[0-2]\d)\b")
_ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "dr", "gr", "kr", "st", "tr", "sh", "ch", "th"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "", "n", "r", "l", "s", "k", "m", "th", "nd"]
#: Days and months are never lower case either, but they are not names.
_CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
    ]
)
_SWAP_PARAGRAPH = 0.4
_EXTRA_PARAGRAPH = 0.3


@dataclass(frozen=True, slots=True)
class Article:
    group: str
    title: str
    paragraphs: tuple[str, ...]
    published: dt.date


@dataclass(frozen=True, slots=True)
class SyntheticDocument:
    number: int
    title: str
    body: str
    published: dt.date

    def file_text(self) -> str:
        """As a plain-text article: a dated line (the app reads it), title, paragraphs."""
        return f"Published: {self.published.isoformat()}\n\n{self.title}\n\n{self.body}\n"


def load_articles(data: Path) -> list[Article]:
    articles = []
    with (data / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            paragraphs = tuple(p.strip() for p in row["body"].split("\n\n") if p.strip())
            articles.append(
                Article(
                    group=row["id"].rsplit("-", 1)[0],
                    title=row["title"].strip(),
                    paragraphs=paragraphs,
                    published=dt.date.fromisoformat(row["published"][:10]),
                )
            )
    return articles


def name_words(articles: list[Article]) -> frozenset[str]:
    """Capitalised words never written in lower case anywhere in the corpus."""
    lower: set[str] = set()
    capitalised: set[str] = set()
    for article in articles:
        for text in (article.title, *article.paragraphs):
            for word in _WORD.findall(text):
                if word.islower():
                    lower.add(word)
            capitalised.update(_CAPITALISED.findall(text))
    return frozenset(
        w for w in capitalised if w.lower() not in lower and w.lower() not in _CALENDAR_WORDS
    )


def generated_name(word: str, variant: int) -> str:
    """A pronounceable made-up name standing for ``word`` in ``variant``."""
    rng = random.Random(zlib.crc32(f"{word}|{variant}".encode()))
    syllables = 2 + (len(word) > 6) + rng.randrange(2)
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(_CODAS)).capitalize()


def variant_pool(number: int) -> int:
    """How many name variants exist once ``number`` documents have been made."""
    return 1 + int(4 * (number / 1000) ** 0.6)


class Synthesiser:
    """The deterministic stream of synthetic documents for one corpus and seed."""

    def __init__(self, articles: list[Article], seed: int = 17) -> None:
        self.articles = articles
        self.seed = seed
        self.names = name_words(articles)
        self.by_group: dict[str, list[Article]] = {}
        for article in articles:
            self.by_group.setdefault(article.group, []).append(article)
        self._orders: dict[int, list[int]] = {}

    def _base(self, number: int) -> Article:
        count = len(self.articles)
        rounds, position = divmod(number, count)
        order = self._orders.get(rounds)
        if order is None:
            order = list(range(count))
            random.Random(self.seed * 7919 + rounds).shuffle(order)
            self._orders = {rounds: order}  # the stream is read in order: keep one pass
        return self.articles[order[position]]

    def document(self, number: int) -> SyntheticDocument:
        rng = random.Random(self.seed * 1_000_003 + number)
        base = self._base(number)
        pool = self.by_group[base.group]
        paragraphs = [base.paragraphs[0]]
        for paragraph in base.paragraphs[1:]:
            if rng.random() < _SWAP_PARAGRAPH:
                paragraph = rng.choice(rng.choice(pool).paragraphs)
            paragraphs.append(paragraph)
        if rng.random() < _EXTRA_PARAGRAPH:
            paragraphs.append(rng.choice(rng.choice(pool).paragraphs))
        variant = int(variant_pool(number) * rng.random() ** 2)
        years = rng.randint(-6, 3)
        days = rng.randint(-180, 180)

        def rename(text: str) -> str:
            if variant:
                text = _CAPITALISED.sub(
                    lambda m: generated_name(m[0], variant) if m[0] in self.names else m[0],
                    text,
                )
            return _YEAR.sub(lambda m: str(int(m[0]) + years), text)

        try:
            published = base.published.replace(year=base.published.year + years)
        except ValueError:  # 29 February
            published = base.published.replace(year=base.published.year + years, day=28)
        return SyntheticDocument(
            number=number,
            title=rename(base.title),
            body="\n\n".join(rename(p) for p in paragraphs),
            published=published + dt.timedelta(days=days),
        )

    def documents(self, start: int, stop: int) -> Iterator[SyntheticDocument]:
        for number in range(start, stop):
            yield self.document(number)


def write_library_files(synth: Synthesiser, folder: Path, start: int, stop: int) -> list[Path]:
    """Write documents ``start``…``stop - 1`` of the stream as .txt files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in synth.documents(start, stop):
        path = folder / f"doc-{doc.number:06d}.txt"
        path.write_text(doc.file_text(), encoding="utf-8")
        paths.append(path)
    return paths
