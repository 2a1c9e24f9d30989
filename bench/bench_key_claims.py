"""Key-claims benchmark over news-4k: is the lead among the key claims, is any boilerplate,
do the key claims name the article's sources?

    .venv/bin/python bench/bench_key_claims.py [--data PATH] [--limit N] [--json PATH]
                                               [--examples N]

Each article is analysed as a text file holding its title as the first line and then its
body (``title + "\\n\\n" + body``), so the headline stands repeated above the text as it
does in saved pages. Everything below is measured with the benchmark's own rules, not
the app's:

- **lead among key claims** [≥ 95 %], over the Reuters and BBC articles (hard news, where
  the lead carries the news): the body's first sentence (after a dateline such as
  "WASHINGTON (Reuters) - ") is covered, at least half of its characters, by a key claim.
- **boilerplate among key claims** [0], over all articles: a key claim that is the title,
  starts with a dateline, or holds a credit or page furniture ("Featured image",
  "Photo by", "Getty Images", "Reporting by", "Editing by", "Read more", "(VIDEO)", …).
- **sources named** [≥ 90 %], over Reuters and BBC articles quoting 3 or more named
  sources: the key claims' speakers name at least 2 of them. A named source is a
  capitalised name of two words or more (or a title and surname: "Mr Blair") right
  before or after "said", "says", "told", "added", "warned", "argued"; names match on
  their last word.
- **key claims per article**: median, spread, and the share of articles with none.

Deterministic: one process, articles in file order, no timings.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from briefing_reader.core.analysis.pipeline import analyse

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-4k"
HARD_NEWS = ("Reuters", "BBC")
GOALS = {"lead": 0.95, "boilerplate": 0, "sources": 0.90}

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ -]{1,40})?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\([A-Za-z .]+\))?\s*(?:-|--|—|–|:)\s+"
)
#: A wire dateline opening a claim: "WASHINGTON (Reuters) - ", "LONDON -- ",
#: "BEIJING, Dec 5 - " (capitals, then a wire, a double dash or a date).
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:\((?:Reuters|AP|AFP|UPI)\)\s*[-–—]|\s--\s|\s—\s|"
    r",\s*[A-Z][a-z]{2,8}\.? \d{1,2}\s*[-–—:])"
)
_FURNITURE = re.compile(
    r"\b(?:featured image|image via|photo by|photo via|getty images|via screen ?capture|"
    r"screenshot via|reporting by|editing by|writing by|read more:|click here|"
    r"all rights reserved|subscribe to our)\b|[(\[](?:video|watch)[)\]]",
    re.IGNORECASE,
)
_SPEECH = r"(?:said|says|told|added|warned|argued)"
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Sir|Lord)\.? [A-Z][\w'’-]+|[A-Z][\w'’-]+(?: [A-Z][\w.'’-]+){1,3})"
_SOURCE_BEFORE = re.compile(rf"({_NAME}),? (?:[a-z ,]{{0,20}} )?{_SPEECH}\b")
_SOURCE_AFTER = re.compile(rf"\b{_SPEECH} ({_NAME})")
#: Capitalised pairs that are not people: places, bodies, days.
_NOT_PEOPLE = re.compile(
    r"\b(?:The|This|That|But|And|In|On|It|He|She|They|We|United|Reuters|BBC|News|Party|"
    r"Group|Securities|Insight|Press|LLC|Inc|Co|Corp|Report|Credit|Capital|Partners|"
    r"Research|Associates|Agency|Association|Institute|Times|Post|Journal|Economics|"
    r"Ministry|Department|Office|House|Court|Council|Union|Bank|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|"
    r"September|October|November|December)\b"
)


def load(data: Path, limit: int) -> list[dict]:
    rows = []
    with (data / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


#: Words whose stop ends no sentence: "U.S.", "Mr.", "Jan.".
_ABBREVIATION = re.compile(
    r"^[\"“(]?(?:(?:[A-Z]\.)+[A-Z]?\.?|Mr\.|Mrs\.|Ms\.|Dr\.|St\.|Sen\.|Rep\.|Gov\.|Gen\.|"
    r"Lt\.|Col\.|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|No\.|Inc\.|Corp\.|Co\.|Jr\.)$"
)
#: A Reuters lead may open with an editor's note, a byline and a dateline without a place.
_LEAD_PREFIX = re.compile(
    r"^(?:\(\(?[^)]{0,300}\)\)?\s*)?(?:By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"
    r"(?: and [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})?\s+)?"
)


def lead_span(text: str, body_start: int) -> tuple[int, int]:
    """The body's first sentence, after its dateline."""
    paragraph_end = text.find("\n", body_start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    start = body_start + _LEAD_PREFIX.match(text[body_start:paragraph_end]).end()
    dateline = _DATELINE.match(text[start:paragraph_end])
    if dateline is not None and len(dateline.group()) < 60:
        start += dateline.end()
    end = paragraph_end
    for stop in re.finditer(r"[.!?][\"”’]?(?=\s+[\"“A-Z])", text[start:paragraph_end]):
        word = text[start : start + stop.start() + 1].split()[-1]
        if not _ABBREVIATION.match(word):
            end = start + stop.end()
            break
    return start, end


def is_boilerplate(claim_text: str, title: str) -> str | None:
    """Why a key claim is boilerplate, or None."""
    text = " ".join(claim_text.split())
    if text.rstrip(".") == " ".join(title.split()).rstrip("."):
        return "headline"
    if _FURNITURE.search(text):
        return "credit"
    if _WIRE_DATELINE.match(text):
        return "dateline"
    return None


def named_sources(body: str) -> set[str]:
    """Last words of the named sources an article quotes (the benchmark's own rule)."""
    names = set()
    for pattern in (_SOURCE_BEFORE, _SOURCE_AFTER):
        for match in pattern.finditer(body):
            name = match.group(1)
            if _NOT_PEOPLE.search(name):
                continue
            last = re.sub(r"['’]s$", "", name.split()[-1]).strip(".'’")
            names.add(last.lower())
    return names


def speaker_words(speaker: str | None) -> set[str]:
    return {w.strip(".'’").lower() for w in (speaker or "").split()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-4k folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print N misses")
    args = parser.parse_args()

    rows = load(args.data, args.limit)
    texts = [(f"{r['title'].strip()}\n\n{r['body'].strip()}", None) for r in rows]
    counts: list[int] = []
    lead = Counter()
    sources = Counter()
    boilerplate: Counter = Counter()
    misses: dict[str, list[str]] = {"lead": [], "boilerplate": [], "sources": []}
    for row, (text, _), analysis in zip(
        rows, texts, analyse(texts, rules=True, processes=1), strict=True
    ):
        key = [c for c in analysis.claims if c.key]
        counts.append(len(key))
        for claim in key:
            why = is_boilerplate(claim.text, row["title"])
            if why:
                boilerplate[why] += 1
                misses["boilerplate"].append(f"[{row['id']}] {why}: {claim.text[:150]!r}")
        if row["source"] not in HARD_NEWS:
            continue
        body_start = len(row["title"].strip()) + 2
        start, end = lead_span(text, body_start)
        covered = any(min(end, c.end) - max(start, c.start) >= (end - start) / 2 for c in key)
        lead[row["source"], covered] += 1
        if not covered:
            misses["lead"].append(f"[{row['id']}] {text[start:end][:160]!r}")
        quoted = named_sources(row["body"])
        if len(quoted) >= 3:
            named = set().union(*(speaker_words(c.speaker) for c in key if c.attributed))
            hit = len(quoted & named) >= 2
            sources[row["source"], hit] += 1
            if not hit:
                misses["sources"].append(
                    f"[{row['id']}] sources {sorted(quoted)}; key speakers {sorted(named)}"
                )

    def share(counter: Counter, source: str | None = None) -> tuple[int, int]:
        hits = sum(n for (s, ok), n in counter.items() if ok and (source is None or s == source))
        total = sum(n for (s, _ok), n in counter.items() if source is None or s == source)
        return hits, total

    report: dict[str, object] = {"articles": len(rows)}
    print(f"news-4k key claims: {len(rows)} articles (title repeated above the body)")
    for name, counter, goal in (
        ("lead among key claims", lead, GOALS["lead"]),
        ("key claims name ≥ 2 of 3+ sources", sources, GOALS["sources"]),
    ):
        hits, total = share(counter)
        value = hits / total if total else 0.0
        per = ", ".join(
            f"{s} {100 * h / t:.1f}% ({h}/{t})"
            for s in HARD_NEWS
            for h, t in [share(counter, s)]
            if t
        )
        verdict = "ok" if value >= goal else f"below goal {100 * goal:.0f}%"
        print(f"  {name:<36} {100 * value:5.1f}%  {hits}/{total}  {verdict}   [{per}]")
        report[name] = {"share": value, "hits": hits, "total": total}
    found = sum(boilerplate.values())
    print(f"  boilerplate among key claims         {found}  {dict(boilerplate)}")
    report["boilerplate"] = dict(boilerplate)
    quartiles = statistics.quantiles(counts, n=4) if len(counts) > 1 else [0, 0, 0]
    print(
        f"  key claims per article: median {statistics.median(counts):.0f} "
        f"(quartiles {quartiles[0]:.0f}–{quartiles[2]:.0f}, max {max(counts)}), "
        f"none in {counts.count(0)} articles"
    )
    report["key_claims"] = {"median": statistics.median(counts), "none": counts.count(0)}
    if args.examples:
        for name, items in misses.items():
            print(f"\n== {name} misses ({len(items)}; {min(args.examples, len(items))} shown) ==")
            step = max(1, len(items) // max(1, args.examples))
            for item in items[::step][: args.examples]:
                print("  " + item)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
