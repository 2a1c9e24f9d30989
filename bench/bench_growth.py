"""Growth curve: import, size, search and window figures for 4k, 16k and 64k documents.

    nice -n 5 python bench/bench_growth.py [--sizes 4000 16000 64000] [--sample 1000]
        [--runs 3] [--work DIR] [--json out.json] [--plot docs/growth.png]

The libraries are synthetic, made from news-4k by :mod:`bench_growth_corpus` (its
docstring explains how: recombined paragraphs, renamed entities, shifted dates, so
vocabulary and postings keep growing). The documents are written as ``.txt`` files
in a work folder and each library of N documents (the first N of one stream) is
imported through the app's import (``import_paths``, as ``briefing-reader import
--no-analysis`` does), then measured:

* **import without analysis**: articles/s of the whole library; baseline a bare
  Whoosh build over the same files in the same run (``bench_search``'s schema), with
  the memory for postings the app's writers have (``POOL_MB``).
* **import with analysis**: a sample of ``--sample`` documents spread over the
  library is analysed in it (``reanalyse``, as ``briefing-reader reanalyze IDS``:
  entities, claims, library-wide linking, re-indexing); the rate with analysis is
  that of reading the sample (the plain import rate) plus analysing it. Baseline,
  like for like: the bare Whoosh build plus the model's own pipeline (tok2vec,
  tagger, parser, ner) over the same texts in two processes, their start and the
  model load counted as the app's sample counts its workers'; the bare pipeline's
  rate without its start is printed too. Analysing all 64,000 would take hours on
  two cores; the sample keeps each size under half an hour.
* **index and library size** on disk.
* **search p50/p95 by query kind**: the 200 news-4k queries through the app's
  ``search`` (snippets, facets, did-you-mean), next to bare Whoosh on its index.
* **window**: start to a usable window (fresh process, first listing painted) next
  to a bare PySide6 window; RSS with the library open and ten documents read; the
  median time to open each of those documents (request to shown) — see
  :mod:`bench_growth_window`.

With ``--work DIR`` the files and libraries are kept and a later run reuses every
library already built (its import figures are kept in ``DIR/results.json``): the
slow imports need to run once, the measurements can be repeated. The curve is
printed as a table and drawn with matplotlib (``pip install -e '.[bench]'``); with
``--json`` the figures of every size measured so far are kept in one file, so a size
can be measured in a run of its own and the table and plot still show them all.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_growth_corpus import Synthesiser, load_articles, write_library_files
from bench_search import bare_build_files, folder_size, percentile, query_string

from briefing_reader.core.search.writer_process import POOL_MB

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"
MODEL_DIR = ROOT / "briefing_reader" / "models" / "en_core_web_sm"
BARE_EXCLUDE = ["senter", "lemmatizer", "attribute_ruler"]


# -- building ---------------------------------------------------------------------------


def corpus_files(work: Path, data: Path, count: int) -> list[Path]:
    """The first ``count`` synthetic documents as files (written once, then reused)."""
    corpus = work / "corpus"
    have = sorted(corpus.glob("doc-*.txt")) if corpus.exists() else []
    if len(have) < count:
        synth = Synthesiser(load_articles(data))
        began = time.perf_counter()
        have += write_library_files(synth, corpus, len(have), count)
        print(f"wrote {count} documents in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return have[:count]


def library_folder(work: Path, files: list[Path]) -> Path:
    """A folder holding exactly ``files`` (hard links), the one the app imports."""
    folder = work / f"files-{len(files)}"
    if not folder.exists():
        staging = folder.with_suffix(".part")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for path in files:
            os.link(path, staging / path.name)
        staging.rename(folder)
    return folder


def import_plain(folder: Path, lib_dir: Path, count: int) -> dict[str, float]:
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library

    with Library.open(lib_dir) as library:
        began = time.perf_counter()
        result = import_paths(library, [folder], analyse=False)
        elapsed = time.perf_counter() - began
    assert not result.failed, result.failed[:3]
    # A recombined document can repeat an earlier one word for word (same article, no
    # paragraph swapped, real names): the app keeps one copy, as it should.
    assert len(result.imported) + len(result.unchanged) == count
    return {"import_s": elapsed, "import_per_s": count / elapsed, "distinct": len(result.imported)}


WARM_WAIT_S = 1.0


def _bare_load() -> None:
    global _NLP
    import spacy

    _NLP = spacy.load(MODEL_DIR, exclude=BARE_EXCLUDE)


def _bare_parse(texts: list[str]) -> int:
    if texts == ["warm"]:
        time.sleep(WARM_WAIT_S)  # so that each worker takes one of the warm-up tasks
    for _ in _NLP.pipe(texts):
        pass
    return len(texts)


def bare_pipeline_rates(texts: list[str]) -> tuple[float, float]:
    """Articles/s of the bare model over ``texts`` in two processes: without and with its
    start (the processes and the model load), which the app's sample also pays."""
    context = multiprocessing.get_context("spawn")
    began_start = time.perf_counter()
    with context.Pool(2, initializer=_bare_load) as pool:
        pool.map(_bare_parse, [["warm"], ["warm"]], chunksize=1)
        start_s = time.perf_counter() - began_start - WARM_WAIT_S
        chunks = [texts[i : i + 16] for i in range(0, len(texts), 16)]
        began = time.perf_counter()
        done = sum(pool.imap_unordered(_bare_parse, chunks))
        elapsed = time.perf_counter() - began
    return done / elapsed, done / (elapsed + start_s)


def analyse_sample(lib_dir: Path, sample: int) -> dict[str, Any]:
    from briefing_reader.app.analysing import reanalyse
    from briefing_reader.core.library import Library

    with Library.open(lib_dir) as library:
        library.ensure_index()  # an index of an earlier version is rebuilt first, untimed
        ids = library.store.all_ids()
        step = max(1, len(ids) // sample)
        chosen = ids[::step][:sample]
        texts = [library.store.get(doc_id).text for doc_id in chosen]
        began = time.perf_counter()
        result = reanalyse(library, chosen)
        elapsed = time.perf_counter() - began
    assert len(result.analysed) >= 0.99 * len(chosen), result.failed
    bare, bare_with_start = bare_pipeline_rates(texts)
    return {
        "sample": len(chosen),
        "analyse_s": elapsed,
        "analyse_per_s": len(chosen) / elapsed,
        "relinked": len(result.relinked),
        "bare_pipeline_per_s": bare,
        "bare_pipeline_start_per_s": bare_with_start,
    }


def build(work: Path, data: Path, size: int, sample: int, baseline: bool) -> dict[str, Any]:
    """Import the library of ``size`` documents (if not built yet) and its baselines."""
    results_path = work / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    row: dict[str, Any] = results.get(str(size), {})
    lib_dir = work / f"library-{size}"
    files = corpus_files(work, data, size)
    folder = library_folder(work, files)
    if "import_per_s" not in row:
        shutil.rmtree(lib_dir, ignore_errors=True)
        row.update(import_plain(folder, lib_dir, size))
        print(f"{size}: imported at {row['import_per_s']:.0f}/s", file=sys.stderr)
    bare_dir = work / f"bare-{size}"
    if baseline and "bare_import_per_s" not in row:
        shutil.rmtree(bare_dir, ignore_errors=True)
        bare_dir.mkdir()
        seconds, ix = bare_build_files(files, bare_dir, limitmb=POOL_MB)  # the app's memory
        ix.close()
        row["bare_import_per_s"] = size / seconds
        row["bare_index_mb"] = folder_size(bare_dir) / 1e6
    if "analyse_per_s" not in row:
        row.update(analyse_sample(lib_dir, sample))
        print(f"{size}: analysed at {row['analyse_per_s']:.1f}/s", file=sys.stderr)
    row["with_analysis_per_s"] = 1 / (1 / row["import_per_s"] + 1 / row["analyse_per_s"])
    if "bare_import_per_s" in row and "bare_pipeline_start_per_s" in row:
        # like for like: the bare build, then the bare model with its start over the sample
        row["bare_with_analysis_per_s"] = 1 / (
            1 / row["bare_import_per_s"] + 1 / row["bare_pipeline_start_per_s"]
        )
    row["index_mb"] = folder_size(lib_dir / "index") / 1e6
    row["library_mb"] = folder_size(lib_dir) / 1e6
    results[str(size)] = row
    results_path.write_text(json.dumps(results, indent=1))
    return row


# -- measuring --------------------------------------------------------------------------


def search_by_kind(work: Path, data: Path, size: int, runs: int) -> dict[str, Any]:
    """p50/p95 per query kind (and over all), app and bare Whoosh, medians over runs."""
    from bench_search import app_query_times, bare_query_times
    from whoosh import index

    items = json.loads((data / "queries.json").read_text())
    queries = [query_string(item) for item in items]
    kinds = sorted({item["kind"] for item in items})
    app_runs, app_cpu_runs, bare_runs, bare_cpu_runs = [], [], [], []
    for _ in range(runs):  # each run opens the library afresh, caches empty
        times, cpu, _hits = app_query_times(work / f"library-{size}", queries)
        app_runs.append(times)
        app_cpu_runs.append(cpu)
    if (work / f"bare-{size}").exists():
        bare_ix = index.open_dir(str(work / f"bare-{size}"))
        for _ in range(runs):
            times, cpu = bare_query_times(bare_ix, queries)
            bare_runs.append(times)
            bare_cpu_runs.append(cpu)
        bare_ix.close()

    def figures(times_of_runs: list[list[float]], kind: str | None) -> tuple[float, float]:
        if not times_of_runs:
            return math.nan, math.nan
        p50s, p95s = [], []
        for times in times_of_runs:
            chosen = [
                t for t, item in zip(times, items, strict=True) if kind in (None, item["kind"])
            ]
            p50s.append(percentile(chosen, 0.5) * 1000)
            p95s.append(percentile(chosen, 0.95) * 1000)
        return statistics.median(p50s), statistics.median(p95s)

    out: dict[str, Any] = {}
    for kind in [None, *kinds]:
        app_p50, app_p95 = figures(app_runs, kind)
        bare_p50, bare_p95 = figures(bare_runs, kind)
        app_cpu_p50, app_cpu_p95 = figures(app_cpu_runs, kind)
        bare_cpu_p50, bare_cpu_p95 = figures(bare_cpu_runs, kind)
        out[kind or "all"] = {
            "app_p50": app_p50,
            "app_p95": app_p95,
            "bare_p50": bare_p50,
            "bare_p95": bare_p95,
            "app_cpu_p50": app_cpu_p50,
            "app_cpu_p95": app_cpu_p95,
            "bare_cpu_p50": bare_cpu_p50,
            "bare_cpu_p95": bare_cpu_p95,
        }
    return out


def measure(work: Path, data: Path, size: int, runs: int) -> dict[str, Any]:
    from bench_growth_window import window_figures

    row: dict[str, Any] = {"search": search_by_kind(work, data, size, runs)}
    row.update(window_figures(work / f"library-{size}", runs))
    return row


# -- report -----------------------------------------------------------------------------


def _cell(row: dict[str, Any], key: str, form: str) -> str:
    value = row.get(key, math.nan)
    return "–" if math.isnan(value) else format(value, form)


def print_table(rows: dict[int, dict[str, Any]]) -> None:
    print(
        "| documents | import, no analysis (bare Whoosh) | with analysis: sample, rate (bare "
        "build + bare pipeline with its start; bare pipeline alone) | index (bare) / library | search p50 / p95 ms, all (bare) | window start "
        "ms (bare) | window RSS MB, 10 read (bare) | open ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size, row in sorted(rows.items()):
        s = row["search"]["all"]
        print(
            f"| {size:,} | {_cell(row, 'import_per_s', '.0f')}/s "
            f"({_cell(row, 'bare_import_per_s', '.0f')}/s) "
            f"| {row.get('sample', 0)}: {_cell(row, 'with_analysis_per_s', '.2f')}/s "
            f"({_cell(row, 'bare_with_analysis_per_s', '.2f')}/s; "
            f"{_cell(row, 'bare_pipeline_per_s', '.1f')}/s) "
            f"| {_cell(row, 'index_mb', '.0f')} ({_cell(row, 'bare_index_mb', '.0f')}) / "
            f"{_cell(row, 'library_mb', '.0f')} MB "
            f"| {_cell(s, 'app_p50', '.1f')} / {_cell(s, 'app_p95', '.0f')} "
            f"({_cell(s, 'bare_p50', '.1f')} / {_cell(s, 'bare_p95', '.0f')}) "
            f"| {_cell(row, 'start_ms', '.0f')} ({_cell(row, 'bare_start_ms', '.0f')}) "
            f"| {_cell(row, 'rss_mb', '.0f')} ({_cell(row, 'bare_rss_mb', '.0f')}) "
            f"| {_cell(row, 'open_ms', '.0f')} |"
        )
    print()
    kinds = [k for k in next(iter(rows.values()))["search"] if k != "all"]
    print("| documents | " + " | ".join(f"{k} p50 / p95 ms (bare)" for k in kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for size, row in sorted(rows.items()):
        cells = []
        for kind in kinds:
            s = row["search"][kind]
            cells.append(
                f"{_cell(s, 'app_p50', '.1f')} / {_cell(s, 'app_p95', '.0f')} "
                f"({_cell(s, 'bare_p50', '.1f')} / {_cell(s, 'bare_p95', '.0f')})"
            )
        print(f"| {size:,} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    parser.add_argument("--sample", type=int, default=1000, help="documents analysed per size")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, help="keep files and libraries here for reruns")
    parser.add_argument("--build-only", action="store_true", help="import, do not measure")
    parser.add_argument(
        "--no-baseline-above",
        type=int,
        metavar="N",
        help="build the bare Whoosh baseline only for libraries of at most N documents",
    )
    parser.add_argument(
        "--json", type=Path, help="add every figure to this file (other sizes in it are kept)"
    )
    parser.add_argument("--plot", type=Path, help="draw the curve into this PNG")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="br-growth-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: dict[int, dict[str, Any]] = {}
    try:
        for size in sorted(args.sizes):
            baseline = args.no_baseline_above is None or size <= args.no_baseline_above
            rows[size] = build(work, args.data, size, args.sample, baseline)
            if not args.build_only:
                rows[size].update(measure(work, args.data, size, args.runs))
            print(f"{size}: {json.dumps(rows[size])}", file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:  # figures of earlier runs (other sizes) are kept
        earlier = json.loads(args.json.read_text()) if args.json.exists() else {}
        rows = {**{int(k): v for k, v in earlier.items()}, **rows}
        args.json.write_text(json.dumps(rows, indent=1, sort_keys=True))
    if not args.build_only:
        print_table(rows)
        if args.plot:
            from bench_growth_plot import plot

            plot(rows, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
