"""Import and search benchmark over the news-4k corpus, against bare Whoosh.

Writes each article of ``../shared/data/news-4k/articles.jsonl`` as a .txt file in
a temporary folder, imports the folder with the app (no NLP unless ``--analyse``), then runs the 200
queries of ``queries.json`` through the app's search (snippets, facets,
did-you-mean). In the same run, over the same texts, a bare Whoosh baseline
(minimal schema, stemmed body with character offsets, pinpoint highlights of the
top 10, no app layers) is built and queried. Reports medians over several runs, for
all queries and by query kind, the baseline next to each figure.

``--library DIR`` searches an existing library instead of importing (a copy of it, so
nothing is written there; an index of an older version is rebuilt in the copy); the
bare index is then built from that library's documents. Each run opens the library
afresh with empty caches (the vocabularies read for fuzzy and wildcard terms too), so
the first fuzzy query of a run pays for reading them.

    python bench/bench_search.py [--runs 3] [--data ../shared/data/news-4k]
    python bench/bench_search.py --library /tmp/bench-lib --runs 5
    python bench/bench_search.py --library /tmp/lib-64k --in-place \
        --bare-index /tmp/growth/bare-64000 --runs 3

The last form measures a library built by ``bench_growth.py`` (64,000 documents) and
the bare index built there from the same texts, without copying either.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from whoosh import analysis, fields, highlight, index, qparser
from whoosh.searching import Searcher

from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library
from briefing_reader.core.search import searcher as searcher_module
from briefing_reader.core.search.entity_table import clear_entity_tables
from briefing_reader.core.search.facets import FacetColumns
from briefing_reader.core.search.postings import Postings
from briefing_reader.core.search.suggest import Suggester
from briefing_reader.core.search.vocabulary import clear_vocabularies
from briefing_reader.core.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"


def query_string(item: dict) -> str:
    """One benchmark query in the query language both sides understand."""
    terms = item["terms"]
    kind = item["kind"]
    if kind == "phrase":
        return '"' + " ".join(terms) + '"'
    if kind == "fuzzy":
        return " ".join(f"{t}~2" for t in terms)
    if kind == "field_title":
        return " ".join(f"title:{t}" for t in terms)
    # "and", "term" and "field_entity" (no entity fields before analysis exists):
    return " ".join(terms)


def write_corpus(data: Path, folder: Path) -> list[str]:
    texts = []
    with (data / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            text = f"{article['title']}\n\n{article['body']}"
            (folder / f"{article['id']}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
    return texts


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def bare_build(
    texts: list[tuple[str, str]], folder: Path, limitmb: int = 128
) -> tuple[float, index.Index]:
    """A minimal Whoosh index of (title, body) pairs; returns the build time and the index.

    ``limitmb``: Whoosh's memory for postings before it sorts them in runs on disk."""
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analysis.StemmingAnalyzer()),
        body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), chars=True, stored=True),
    )
    start = time.perf_counter()
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=limitmb)
    for number, (title, body) in enumerate(texts):
        writer.add_document(path=str(number), title=title, body=body)
    writer.commit()
    return time.perf_counter() - start, ix


def bare_build_files(
    files: list[Path], folder: Path, limitmb: int = 128
) -> tuple[float, index.Index]:
    """Read ``files`` and build the minimal index; the time includes the reading, as an
    import's does."""
    start = time.perf_counter()
    _, ix = bare_build(file_texts(files), folder, limitmb)
    return time.perf_counter() - start, ix


def file_texts(files: list[Path]) -> list[tuple[str, str]]:
    pairs = []
    for path in files:
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        pairs.append((title, body))
    return pairs


def library_texts(library: Library) -> list[tuple[str, str]]:
    docs = library.store.get_many(library.store.all_ids())
    return [(doc.title, doc.text) for doc in docs.values()]


def bare_query_times(ix: index.Index, queries: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each query through bare Whoosh."""
    parser = qparser.MultifieldParser(["title", "body"], ix.schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    times, cpu = [], []
    with ix.searcher() as searcher:
        for text in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            results = searcher.search(parser.parse(text), limit=10, terms=True)
            results.fragmenter = highlight.PinpointFragmenter(surround=60, autotrim=True)
            for hit in results:
                hit.highlights("body", top=2)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return times, cpu


def app_query_times(library_dir: Path, queries: list[str]) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU seconds of the app's search over ``queries`` in a freshly
    opened library with empty caches, and the total number of hits."""
    clear_vocabularies()
    clear_entity_tables()
    times, cpu = [], []
    hits = 0
    with Library.open(library_dir) as library:
        search(library, "warm up")
        for text in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            results = search(library, text, page_size=10)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            hits += results.total
    return times, cpu, hits


#: The parts of a search, each the app function ``run_search`` calls for it ("postings":
#: reading and decoding the index's posting blocks, wherever a part needs them first).
PHASES = {
    "parse": [(searcher_module, "parse_query"), (searcher_module, "expansion_notices")],
    "postings": [(Postings, "_read")],
    "score": [(searcher_module, "score_query"), (searcher_module, "top_documents")],
    "whoosh": [(Searcher, "search")],
    "facets": [(FacetColumns, "all_facets")],
    "snippets": [(searcher_module, "body_matches"), (searcher_module, "pinpoint_snippet")],
    "did-you-mean": [(Suggester, "suggest")],
    "documents": [(Store, "get_many")],
}


def phase_times(library_dir: Path, queries: list[str]) -> dict[str, list[float]]:
    """CPU seconds of each part of every search (``PHASES``; "other" is the rest: result
    building, caches, annotations), the library opened afresh with empty caches. Each
    part is timed by wrapping the function the search itself calls, so the parts add up
    to the searches measured, not to a copy of their steps; a part called inside another
    (postings read while scoring) is counted once, as itself."""
    spent: dict[str, float] = defaultdict(float)
    inner: list[float] = []  # per active part, the time of the parts called inside it

    def timed(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                spent[phase] += elapsed - inner.pop()
                if inner:
                    inner[-1] += elapsed

        return wrapper

    costs: dict[str, list[float]] = defaultdict(list)
    clear_vocabularies()
    clear_entity_tables()
    with contextlib.ExitStack() as patches:
        for phase, targets in PHASES.items():
            for owner, name in targets:
                patches.enter_context(
                    mock.patch.object(owner, name, timed(phase, getattr(owner, name)))
                )
        with Library.open(library_dir) as library:
            search(library, "warm up")
            for text in queries:
                spent.clear()
                start = time.process_time()
                search(library, text, page_size=10)
                total = time.process_time() - start
                for phase in PHASES:
                    costs[phase].append(spent[phase])
                costs["other"].append(total - sum(spent.values()))
                costs["total"].append(total)
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument(
        "--analyse", action="store_true", help="import with entity analysis (entity facets)"
    )
    parser.add_argument(
        "--library", type=Path, help="search (a copy of) this library instead of importing"
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="search --library where it is, not a copy (an index of an older version is "
        "rebuilt there): for a library too big to copy",
    )
    parser.add_argument(
        "--bare-index",
        type=Path,
        help="query this bare Whoosh index (built by this benchmark or bench_growth.py) "
        "instead of building one from the library's documents",
    )
    args = parser.parse_args()
    if (args.in_place or args.bare_index) and not args.library:
        parser.error("--in-place and --bare-index need --library")
    items = json.loads((args.data / "queries.json").read_text())
    queries = [query_string(q) for q in items]
    kinds = [q["kind"] for q in items]
    QUERY_COUNTS.update(Counter(kinds))

    rows: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    work = Path(tempfile.mkdtemp(prefix="br-bench-"))
    try:
        if args.library:
            count = prepare_library(args.library, work, args.in_place)
        else:
            corpus = work / "corpus"
            corpus.mkdir()
            write_corpus(args.data, corpus)
            files = sorted(corpus.glob("*.txt"))[: args.limit]
            if args.limit:
                for extra in sorted(corpus.glob("*.txt"))[args.limit :]:
                    extra.unlink()
            count = len(files)
        for run in range(args.runs):
            lib_dir = work / f"library-{run}"
            if args.library:
                lib_dir = args.library if args.in_place else work / "library"
            bare_dir = work / f"bare-{run}"
            if not args.library:
                with Library.open(lib_dir) as library:
                    start = time.perf_counter()
                    result = import_paths(library, [corpus], analyse=args.analyse)
                    elapsed = time.perf_counter() - start
                    assert not result.failed, result.failed[:3]
                    assert len(result.imported) + len(result.unchanged) == count
                rows["app_import_s"].append(elapsed)
                rows["app_docs_per_s"].append(count / elapsed)
            rows["app_index_mb"].append(folder_size(lib_dir / "index") / 1e6)
            rows["app_library_mb"].append(folder_size(lib_dir) / 1e6)
            if args.bare_index and run == 0:
                bare_ix = index.open_dir(str(args.bare_index))
                rows["bare_index_mb"].append(folder_size(args.bare_index) / 1e6)
            elif not args.library or run == 0:  # the same texts every run: build once
                if args.library:
                    with Library.open(lib_dir) as library:
                        texts = library_texts(library)
                else:
                    texts = file_texts(files)
                bare_dir.mkdir()
                bare_s, bare_ix = bare_build(texts, bare_dir)
                rows["bare_build_s"].append(bare_s)
                rows["bare_docs_per_s"].append(count / bare_s)
                rows["bare_index_mb"].append(folder_size(bare_dir) / 1e6)
            # Alternate the two sides so that load on the machine falls on both.
            app_times, app_cpu, hits = app_query_times(lib_dir, queries)
            bare_times, bare_cpu = bare_query_times(bare_ix, queries)
            phases = phase_times(lib_dir, queries)
            record(rows, "all", app_times, bare_times)
            record(rows, "cpu", app_cpu, bare_cpu)
            for kind in sorted(set(kinds)):
                pick = [i for i, k in enumerate(kinds) if k == kind]
                record(
                    by_kind[kind], "", [app_times[i] for i in pick], [bare_times[i] for i in pick]
                )
                record(
                    by_kind[kind], "cpu", [app_cpu[i] for i in pick], [bare_cpu[i] for i in pick]
                )
            for kind in [*sorted(set(kinds)), "all"]:
                pick = [i for i, k in enumerate(kinds) if kind in ("all", k)]
                for name, values in phases.items():
                    mean = statistics.fmean(values[i] for i in pick)
                    rows[f"phase {kind} {name}"].append(mean * 1000)
            print(
                f"run {run + 1}/{args.runs}: app p50 {rows['all_app_p50'][-1]:.2f} ms, "
                f"p95 {rows['all_app_p95'][-1]:.1f} ms; bare p50 "
                f"{rows['all_bare_p50'][-1]:.2f} ms, p95 {rows['all_bare_p95'][-1]:.1f} ms; "
                f"total hits {hits}",
                file=sys.stderr,
            )
            if not args.library:
                bare_ix.close()
                shutil.rmtree(lib_dir)
                shutil.rmtree(bare_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(rows, by_kind, count, len(queries), args)
    return 0


def prepare_library(source: Path, work: Path, in_place: bool) -> int:
    """Copy ``source`` into ``work/library`` (unless ``in_place``) and bring its index up
    to date there."""
    target = source if in_place else work / "library"
    if not in_place:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock", "*WRITELOCK"))
    with Library.open(target) as library:
        notice = library.ensure_index()
        if notice:
            print(f"library copy: {notice}", file=sys.stderr)
        return library.store.count()


def record(rows: dict[str, list[float]], prefix: str, app: list[float], bare: list[float]) -> None:
    key = f"{prefix}_" if prefix else ""
    rows[f"{key}app_p50"].append(percentile(app, 0.5) * 1000)
    rows[f"{key}app_p95"].append(percentile(app, 0.95) * 1000)
    rows[f"{key}app_max"].append(max(app) * 1000)
    rows[f"{key}bare_p50"].append(percentile(bare, 0.5) * 1000)
    rows[f"{key}bare_p95"].append(percentile(bare, 0.95) * 1000)


def report(
    rows: dict[str, list[float]],
    by_kind: dict[str, dict[str, list[float]]],
    count: int,
    queries: int,
    args: argparse.Namespace,
) -> None:
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"articles: {count}, queries: {queries}, runs: {args.runs} (medians)")
    if "app_docs_per_s" in med:
        print(
            f"import (app, {'with entity analysis' if args.analyse else 'no NLP'}): "
            f"{med['app_docs_per_s']:.0f} articles/s ({med['app_import_s']:.1f} s)"
        )
    if "bare_docs_per_s" in med:
        print(
            f"build (bare Whoosh):    {med['bare_docs_per_s']:.0f} articles/s "
            f"({med['bare_build_s']:.1f} s)"
        )
    else:
        print(f"bare Whoosh index: {args.bare_index}")
    print(
        f"index size: app {med['app_index_mb']:.1f} MB (library incl. database and "
        f"originals {med['app_library_mb']:.1f} MB), bare {med['bare_index_mb']:.1f} MB"
    )
    for clock, key in (("wall clock", ""), ("CPU time of the process", "cpu_")):
        print()
        print(f"{clock}:")
        print(
            "| kind | n | app p50 ms | bare p50 ms | app p95 ms | bare p95 ms | "
            "p95 bare/app | app max ms |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for kind, kind_rows in sorted(by_kind.items()):
            kmed = {k: statistics.median(v) for k, v in kind_rows.items()}
            print(table_row(kind, QUERY_COUNTS.get(kind, 0), kmed, key))
        print(table_row("all", queries, med, key or "all_"))
    print()
    print("where the CPU time of a search goes (mean ms per query, another pass):")
    columns = [*sorted(by_kind), "all"]
    print("| part | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name in [*PHASES, "other", "total"]:
        cells = " | ".join(f"{med[f'phase {kind} {name}']:.2f}" for kind in columns)
        print(f"| {name} | {cells} |")


QUERY_COUNTS: dict[str, int] = {}


def table_row(label: str, n: int, med: dict[str, float], key: str) -> str:
    return (
        f"| {label} | {n} | {med[key + 'app_p50']:.2f} | {med[key + 'bare_p50']:.2f} | "
        f"{med[key + 'app_p95']:.2f} | {med[key + 'bare_p95']:.2f} | "
        f"{med[key + 'bare_p95'] / med[key + 'app_p95']:.1f}× | {med[key + 'app_max']:.1f} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
