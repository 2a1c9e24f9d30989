"""Import and search benchmark over the news-4k corpus, against bare Whoosh.

Writes each article of ``../shared/data/news-4k/articles.jsonl`` as a .txt file in
a temporary folder, imports the folder with the app (no NLP unless ``--analyse``), then runs the 200
queries of ``queries.json`` through the app's search (snippets, facets,
did-you-mean). In the same run, over the same texts, a bare Whoosh baseline
(minimal schema, stemmed body with character offsets, pinpoint highlights of the
top 10, no app layers) is built and queried. Reports medians over several runs.

    python bench/bench_search.py [--runs 3] [--data ../shared/data/news-4k]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from whoosh import analysis, fields, highlight, index, qparser

from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library

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


def bare_build(files: list[Path], folder: Path) -> tuple[float, index.Index]:
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analysis.StemmingAnalyzer()),
        body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), chars=True, stored=True),
    )
    start = time.perf_counter()
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=128)
    for path in files:
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n\n")
        writer.add_document(path=path.name, title=title, body=body)
    writer.commit()
    return time.perf_counter() - start, ix


def bare_query_times(ix: index.Index, queries: list[str]) -> list[float]:
    parser = qparser.MultifieldParser(["title", "body"], ix.schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    times = []
    with ix.searcher() as searcher:
        for text in queries:
            start = time.perf_counter()
            results = searcher.search(parser.parse(text), limit=10, terms=True)
            results.fragmenter = highlight.PinpointFragmenter(surround=60, autotrim=True)
            for hit in results:
                hit.highlights("body", top=2)
            times.append(time.perf_counter() - start)
    return times


def app_query_times(library: Library, queries: list[str]) -> tuple[list[float], int]:
    times = []
    hits = 0
    for text in queries:
        start = time.perf_counter()
        results = search(library, text, page_size=10)
        times.append(time.perf_counter() - start)
        hits += results.total
    return times, hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument(
        "--analyse", action="store_true", help="import with entity analysis (entity facets)"
    )
    args = parser.parse_args()
    queries = [query_string(q) for q in json.loads((args.data / "queries.json").read_text())]

    rows: dict[str, list[float]] = {
        k: []
        for k in (
            "app_import_s",
            "app_docs_per_s",
            "app_index_mb",
            "app_library_mb",
            "bare_build_s",
            "bare_docs_per_s",
            "bare_index_mb",
            "app_p50_ms",
            "app_p95_ms",
            "bare_p50_ms",
            "bare_p95_ms",
        )
    }
    work = Path(tempfile.mkdtemp(prefix="br-bench-"))
    try:
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
            bare_dir = work / f"bare-{run}"
            bare_dir.mkdir()
            with Library.open(lib_dir) as library:
                start = time.perf_counter()
                result = import_paths(library, [corpus], analyse=args.analyse)
                elapsed = time.perf_counter() - start
                assert not result.failed, result.failed[:3]
                assert len(result.imported) + len(result.unchanged) == count
            bare_s, bare_ix = bare_build(files, bare_dir)
            with Library.open(lib_dir) as library:
                search(library, "warm up")
                app_times, hits = app_query_times(library, queries)
            bare_times = bare_query_times(bare_ix, queries)
            bare_ix.close()
            rows["app_import_s"].append(elapsed)
            rows["app_docs_per_s"].append(count / elapsed)
            rows["app_index_mb"].append(folder_size(lib_dir / "index") / 1e6)
            rows["app_library_mb"].append(folder_size(lib_dir) / 1e6)
            rows["bare_build_s"].append(bare_s)
            rows["bare_docs_per_s"].append(count / bare_s)
            rows["bare_index_mb"].append(folder_size(bare_dir) / 1e6)
            rows["app_p50_ms"].append(percentile(app_times, 0.5) * 1000)
            rows["app_p95_ms"].append(percentile(app_times, 0.95) * 1000)
            rows["bare_p50_ms"].append(percentile(bare_times, 0.5) * 1000)
            rows["bare_p95_ms"].append(percentile(bare_times, 0.95) * 1000)
            print(
                f"run {run + 1}/{args.runs}: import {count / elapsed:.0f} docs/s, "
                f"app p95 {rows['app_p95_ms'][-1]:.1f} ms, bare p95 "
                f"{rows['bare_p95_ms'][-1]:.1f} ms, total hits {hits}",
                file=sys.stderr,
            )
            shutil.rmtree(lib_dir)
            shutil.rmtree(bare_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"articles: {count}, queries: {len(queries)}, runs: {args.runs} (medians)")
    print(
        f"import (app, {'with entity analysis' if args.analyse else 'no NLP'}): "
        f"{med['app_docs_per_s']:.0f} articles/s "
        f"({med['app_import_s']:.1f} s)"
    )
    print(
        f"build (bare Whoosh):    {med['bare_docs_per_s']:.0f} articles/s "
        f"({med['bare_build_s']:.1f} s)"
    )
    print(
        f"index size: app {med['app_index_mb']:.1f} MB (library incl. database and "
        f"originals {med['app_library_mb']:.1f} MB), bare {med['bare_index_mb']:.1f} MB"
    )
    print(f"query p50: app {med['app_p50_ms']:.2f} ms, bare {med['bare_p50_ms']:.2f} ms")
    print(
        f"query p95: app {med['app_p95_ms']:.2f} ms, bare {med['bare_p95_ms']:.2f} ms, "
        f"ratio {med['app_p95_ms'] / med['bare_p95_ms']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
