"""Query fuzzing: seeded hostile queries through the app's search, each timed.

Builds (or reuses, with ``--library``) a library of the news-4k articles (the first
``--articles``; imported with entity analysis when ``--analyse`` is given, so entity
facets and fields are real), then runs generated queries — wildcards, fuzzy terms with large
distances, ranges, internal field names, unbalanced syntax, long and odd input —
and checks that none raises and none takes longer than the ceiling. Bare Whoosh
running the plain-word form of the same queries on the same index is the baseline.

    python bench/fuzz_query.py [--queries 10000] [--seed 15] [--library DIR]
                               [--articles 1000] [--analyse]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from whoosh import qparser

from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"
WORDS = [
    "minister",
    "talks",
    "tokyo",
    "alliance",
    "defence",
    "security",
    "osprey",
    "treaty",
    "korea",
    "china",
    "nuclear",
    "missile",
    "election",
    "favourable",
    "government",
    "trade",
    "sanctions",
]
FIELDS = ["title", "body", "person", "org", "place", "source", "tag", "note", "content_hash",
          "id", "date", "year", "original_sha256", "entity", "speaker", "claim"]  # fmt: skip
NOISE = ["*", "?", "~", "^", "(", ")", "[", "]", "{", "}", '"', ":", "\\", "/", "-", "+", "&",
         "|", "!", "AND", "OR", "NOT", "TO", "\x00", "😀", "‮"]  # fmt: skip


def hostile_query(rng: random.Random) -> str:
    word = rng.choice(WORDS)
    kind = rng.randint(0, 11)
    if kind == 0:
        return rng.choice(["*", "?*", "*?", "??", "?", "**", "*a*", "a*"]) + rng.choice(
            ["", " " + word]
        )
    if kind == 1:
        return f"{word}~{rng.randint(0, 30)}" + rng.choice(["", "/1", "/0", f" {word[:3]}~9"])
    if kind == 2:
        low, high = sorted(rng.choice(WORDS) for _ in range(2))
        return f"{rng.choice(FIELDS)}:[{low[: rng.randint(0, 3)]} TO {high}]"
    if kind == 3:
        return f"{rng.choice(FIELDS)}:{rng.choice([word, '*', '[a TO z]', word + '*'])}"
    if kind == 4:
        return " ".join(rng.choice(NOISE + WORDS) for _ in range(rng.randint(1, 20)))
    if kind == 5:
        return " OR ".join(f"{w}*" for w in rng.sample(WORDS, rng.randint(2, 8)))
    if kind == 6:
        return "(" * rng.randint(1, 200) + word + ")" * rng.randint(0, 200)
    if kind == 7:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 400)))
    if kind == 8:
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 60)))
    if kind == 9:
        return f'"{" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 30)))}"~{rng.randint(0, 99)}'
    if kind == 10:
        return f"date:{rng.choice(['2024', '[2024-01 to 2024-06]', '>=2023-13', '[a to b]', '0000'])} {word}"
    return f"{word[:2]}{rng.choice(['*', '?', '??*', '*s'])} {rng.choice(WORDS)}~2"


def build_library(folder: Path, data: Path, limit: int | None, analyse: bool) -> None:
    articles = folder / "articles"
    articles.mkdir()
    with (data / "articles.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            article = json.loads(line)
            text = f"{article['title']}\n\n{article['body']}"
            (articles / f"{article['id']}.txt").write_text(text, encoding="utf-8")
    with Library.open(folder / "library") as library:
        import_paths(library, [articles], analyse=analyse)


def run(library_dir: Path, queries: int, seed: int, ceiling: float, on_cpu: bool = False) -> dict:
    """Time every query (wall clock and this process's CPU time); the ceiling is judged on
    the wall clock, or on CPU time with ``on_cpu`` (a machine shared with other work
    stretches the wall clock of every query alike)."""
    rng = random.Random(seed)
    texts = [hostile_query(rng) for _ in range(queries)]
    timings: list[tuple[float, float, float, str]] = []  # (judged, wall, cpu, query) per run
    baseline: list[float] = []
    problems: list[str] = []
    with Library.open(library_dir) as library:
        library.ensure_index()
        search(library, "warm up")
        searcher = library.index.searcher()
        bare = qparser.QueryParser("body", searcher.schema)
        for text in texts:
            began, began_cpu = time.perf_counter(), time.process_time()
            try:
                search(library, text)
            except Exception as exc:  # what the harness is looking for
                problems.append(f"{text!r}: {type(exc).__name__}: {exc}")
            seconds = time.perf_counter() - began
            spent = time.process_time() - began_cpu
            timings.append((spent if on_cpu else seconds, seconds, spent, text))
            words = " ".join(w for w in text.split() if w.isalpha())[:200]
            if words:
                began = time.perf_counter()
                try:
                    searcher.search(bare.parse(words), limit=10)
                except Exception:
                    continue
                baseline.append(time.perf_counter() - began)
    timings.sort(reverse=True)
    problems += [
        f"over {ceiling * 1000:.0f} ms: {t!r} ({s * 1000:.0f} ms)"
        for s, _, _, t in timings
        if s > ceiling
    ]
    wall = [w for _, w, _, _ in timings]
    cpu = [c for _, _, c, _ in timings]
    return {
        "queries": queries,
        "seed": seed,
        "timed_by": "cpu" if on_cpu else "wall",
        "problems": problems,
        "median_ms": round(statistics.median(s for s, _, _, _ in timings) * 1000, 2),
        "p99_ms": round(sorted(s for s, _, _, _ in timings)[int(len(timings) * 0.99)] * 1000, 2),
        "over_ceiling": sum(1 for s, _, _, _ in timings if s > ceiling),
        "bare_whoosh_median_ms": round(statistics.median(baseline) * 1000, 2) if baseline else None,
        "over_ceiling_wall": sum(1 for s in wall if s > ceiling),
        "over_ceiling_cpu": sum(1 for s in cpu if s > ceiling),
        "wall_max_ms": round(max(wall) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
        "cpu_max_ms": round(max(cpu) * 1000, 1),
        "slowest": [
            {"wall_ms": round(w * 1000, 1), "cpu_ms": round(c * 1000, 1), "query": t[:80]}
            for _, w, c, t in timings[:10]
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--library", type=Path, help="a library to reuse (built if missing)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--ceiling-ms", type=float, default=250.0)
    parser.add_argument("--articles", type=int, help="import only the first N articles")
    parser.add_argument(
        "--cpu", action="store_true", help="judge the ceiling on CPU time, not the wall clock"
    )
    parser.add_argument("--analyse", action="store_true", help="import with entity analysis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.library or Path(temporary)
        if not (folder / "library").exists():
            folder.mkdir(parents=True, exist_ok=True)
            build_library(folder, args.data, args.articles, args.analyse)
        report = run(folder / "library", args.queries, args.seed, args.ceiling_ms / 1000, args.cpu)
    print(json.dumps(report, indent=2, ensure_ascii=True))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
