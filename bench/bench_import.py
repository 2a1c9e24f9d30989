"""Import throughput against its baselines, measured side by side in one run.

    python bench/bench_import.py [--runs 3] [--limit 600] [--no-analysis-only]

Writes the news-4k articles (title, blank line, body) as .txt files, then, in each
run and alternating, in fresh processes:

- app import with analysis (entities + claims), end to end: reading, storing, model
  load in the workers, analysis, linking, indexing;
- the bare pipeline: the vendored model's own components (tok2vec, tagger, parser,
  ner) over the same texts in 2 spawned processes, batches of 16, only entity counts
  sent back, model load not counted;
- the app's own analysis run bare: the app's pipeline (entity rules, claims) over the
  same texts in 2 spawned processes, batches of 16, only counts sent back, load not
  counted. Import with analysis against it is the import's own overhead (reading,
  storing, sending findings, linking, indexing), apart from what the analysis costs;
- app import without analysis, and a bare Whoosh build of the same files (minimal
  schema, one writer; ``bench_search.bare_build``) given the memory the app's writer
  processes have together (``writer_process.POOL_MB``), so neither sorts postings on
  disk that the other keeps in memory; and the same build at Whoosh's default of
  128 MB, for reference.

Besides wall-clock rates it prints the CPU time each side spent per article (its own
process plus its children), which a shared machine disturbs less, and the per-article
CPU of the app's analysis pipeline against the bare model in one process: the part of
the gap that is the app's own analysis (entity rules, claims) rather than plumbing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_analysis import DEFAULT_DATA, ROOT, run_python, sample_corpus

from briefing_reader.core.search.writer_process import POOL_MB

_CPU = (
    "import resource, time\n"
    "def cpu():\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime\n"
)
APP_IMPORT = _CPU + (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from briefing_reader.app.importing import import_paths\n"
    "from briefing_reader.core.library import Library\n"
    "if __name__ == '__main__':\n"
    "    lib = Library.open(Path(sys.argv[1]))\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    own_before = own.ru_utime + own.ru_stime\n"
    "    c, t = cpu(), time.perf_counter()\n"
    "    r = import_paths(lib, [Path(sys.argv[2])], analyse=sys.argv[3] == '1')\n"
    "    s = time.perf_counter() - t\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print(json.dumps({'seconds': s, 'cpu': cpu() - c, 'docs': len(r.imported),\n"
    "                      'own_cpu': own.ru_utime + own.ru_stime - own_before,\n"
    "                      'analysed': len(r.analysed), 'failed': len(r.failed)}))\n"
)
BARE_WHOOSH = _CPU + (
    "import json, sys\n"
    "from pathlib import Path\n"
    "sys.path.insert(0, sys.argv[3])\n"
    "from bench_search import bare_build_files\n"
    "files = sorted(Path(sys.argv[1]).glob('*.txt'))\n"
    "c = cpu()\n"
    "s, _ = bare_build_files(files, Path(sys.argv[2]), int(sys.argv[4]))\n"
    "print(json.dumps({'seconds': s, 'cpu': cpu() - c, 'docs': len(files)}))\n"
)
PIPELINE_CPU = (
    "import json, statistics, sys, time\n"
    "from pathlib import Path\n"
    "from briefing_reader.core.analysis.pipeline import MODEL_DIR, _EXCLUDE, analyse, pipeline\n"
    "files = sorted(Path(sys.argv[1]).glob('*.txt'))[: int(sys.argv[2])]\n"
    "texts = [p.read_text(encoding='utf-8') for p in files]\n"
    "c = time.process_time(); app = pipeline(); load = time.process_time() - c\n"
    "import spacy\n"
    "bare = spacy.load(MODEL_DIR, exclude=_EXCLUDE)\n"
    "out = {'bare': [], 'app': []}\n"
    "for _ in range(int(sys.argv[3])):\n"
    "    c = time.process_time(); list(bare.pipe(texts, batch_size=16))\n"
    "    out['bare'].append((time.process_time() - c) / len(texts) * 1000)\n"
    "    c = time.process_time(); list(analyse([(t, None) for t in texts]))\n"
    "    out['app'].append((time.process_time() - c) / len(texts) * 1000)\n"
    "found = {k: statistics.median(v) for k, v in out.items()}\n"
    "print(json.dumps({**found, 'load_cpu': load}))\n"
)


_NLP: Any = None


def _load_model() -> None:
    global _NLP
    import spacy

    from briefing_reader.core.analysis.pipeline import _EXCLUDE, MODEL_DIR

    _NLP = spacy.load(MODEL_DIR, exclude=_EXCLUDE)


def _load_app_pipeline() -> None:
    global _NLP
    from briefing_reader.core.analysis.pipeline import pipeline

    _NLP = pipeline()


def _ready(_: int) -> list[str]:
    time.sleep(0.5)  # both workers answer, so both have loaded the model
    return list(_NLP.pipe_names)


def _entity_counts(batch: list[str]) -> list[int]:
    return [len(doc.ents) for doc in _NLP.pipe(batch, batch_size=len(batch))]


def _finding_counts(batch: list[str]) -> list[int]:
    """The app's analysis of a batch, as its import workers run it (bounded pieces)."""
    from briefing_reader.core.analysis.bounded import analyse_bounded

    found = analyse_bounded(_NLP, [(text, None) for text in batch], len(batch))
    return [len(f["mentions"]) if isinstance(f, dict) else 0 for f in found]


def bare_pipeline(corpus: Path, app: bool = False) -> dict:
    """The model's own components (``app``: the app's whole analysis) over the texts in
    2 processes, load not counted."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    batches = [texts[i : i + 16] for i in range(0, len(texts), 16)]
    load = _load_app_pipeline if app else _load_model
    count = _finding_counts if app else _entity_counts
    with multiprocessing.get_context("spawn").Pool(2, initializer=load) as pool:
        names = pool.map(_ready, range(2), chunksize=1)
        cpu, start = _cpu(), time.perf_counter()
        entities = sum(sum(counts) for counts in pool.imap(count, batches))
        seconds = time.perf_counter() - start
        pool.close()
        pool.join()
    cpu = _cpu() - cpu
    return {"seconds": seconds, "cpu": cpu, "docs": len(texts), "entities": entities,
            "pipes": names[0]}  # fmt: skip


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_script(*args: str) -> dict:
    """This script in a fresh interpreter (spawned workers can find its functions)."""
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    result: dict = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _rate(rows: list[dict]) -> tuple[float, float, float]:
    """Articles per second (median of the runs' times), CPU ms per article, seconds."""
    docs = rows[0]["docs"]
    seconds = statistics.median(r["seconds"] for r in rows)
    cpu = statistics.median(r["cpu"] for r in rows) / docs * 1000
    return docs / seconds, cpu, seconds


def _pairs(rows: dict[str, list[dict]], app: str, bare: str) -> float:
    """Median of the per-run ratios app rate / baseline rate (runs measured back to back)."""
    return statistics.median(
        b["seconds"] / a["seconds"] for a, b in zip(rows[app], rows[bare], strict=True)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=600, help="first N articles (0: all)")
    parser.add_argument("--no-analysis-only", action="store_true")
    parser.add_argument("--bare-pipeline", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--app-pipeline", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_pipeline or args.app_pipeline:
        print(
            json.dumps(
                bare_pipeline(args.bare_pipeline or args.app_pipeline, app=not args.bare_pipeline)
            )
        )
        return 0

    work = Path(tempfile.mkdtemp(prefix="br-import-"))
    modes = ["app", "bare", "bare-128"]
    if not args.no_analysis_only:
        modes = ["app+nlp", "model", "analysis", *modes]
    rows: dict[str, list[dict]] = {mode: [] for mode in modes}
    try:
        corpus = sample_corpus(args.data, work, args.limit)
        for run in range(args.runs):
            for mode in modes:
                target = work / f"{mode}-{run}"
                if mode == "model":
                    row = run_script("--bare-pipeline", str(corpus))
                elif mode == "analysis":
                    row = run_script("--app-pipeline", str(corpus))
                elif mode.startswith("bare"):
                    target.mkdir()
                    pool = "128" if mode == "bare-128" else str(POOL_MB)
                    row = json.loads(
                        run_python(BARE_WHOOSH, str(corpus), str(target), str(ROOT / "bench"), pool)
                    )
                else:
                    flag = "1" if mode == "app+nlp" else "0"
                    row = json.loads(run_python(APP_IMPORT, str(target), str(corpus), flag))
                shutil.rmtree(target, ignore_errors=True)
                rows[mode].append(row)
                print(f"run {run + 1} {mode}: {row}", file=sys.stderr)
        per_doc = None
        if not args.no_analysis_only:
            per_doc = json.loads(run_python(PIPELINE_CPU, str(corpus), "150", str(args.runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"articles: {rows['app'][0]['docs']}, runs: {args.runs} (medians)")
    print("| measure | app | baseline in the same run | ratio (app rate / baseline) |")
    print("|---|---|---|---|")
    if not args.no_analysis_only:
        app, model = _rate(rows["app+nlp"]), _rate(rows["model"])
        print(
            f"| import with analysis vs bare pipeline, wall | {app[0]:.1f} articles/s "
            f"({app[2]:.1f} s) | {model[0]:.1f} articles/s ({model[2]:.1f} s) | "
            f"**{_pairs(rows, 'app+nlp', 'model'):.2f}** |"
        )
        print(
            f"| same, CPU per article (process + children) | {app[1]:.1f} ms | "
            f"{model[1]:.1f} ms | {model[1] / app[1]:.2f} |"
        )
        own = _rate(rows["analysis"])
        print(
            f"| import with analysis vs the app's analysis run bare (2 processes), wall | "
            f"{app[0]:.1f} articles/s | {own[0]:.1f} articles/s ({own[2]:.1f} s) | "
            f"**{_pairs(rows, 'app+nlp', 'analysis'):.2f}** |"
        )
        print(
            f"| same, CPU per article | {app[1]:.1f} ms | {own[1]:.1f} ms | {own[1] / app[1]:.2f} |"
        )
        assert per_doc is not None
        print(
            f"| analysis CPU per article, one process (150 articles) | {per_doc['app']:.1f} ms "
            f"app pipeline | {per_doc['bare']:.1f} ms bare model | "
            f"{per_doc['bare'] / per_doc['app']:.2f} |"
        )
        load = 2 * per_doc["load_cpu"] / rows["app+nlp"][0]["docs"] * 1000
        print(
            f"| import CPU per article without the 2 model loads ({load:.1f} ms of it) | "
            f"{app[1] - load:.1f} ms | {model[1]:.1f} ms | {model[1] / (app[1] - load):.2f} |"
        )
    _print_without_analysis(rows)
    return 0


def _print_without_analysis(rows: dict[str, list[dict]]) -> None:
    app = _rate(rows["app"])
    for mode, memory in (("bare", f"{POOL_MB} MB as the app's writers"), ("bare-128", "128 MB")):
        bare = _rate(rows[mode])
        print(
            f"| import without analysis vs bare Whoosh build ({memory}), wall | "
            f"{app[0]:.1f} articles/s ({app[2]:.1f} s) | {bare[0]:.1f} articles/s "
            f"({bare[2]:.1f} s) | **{_pairs(rows, 'app', mode):.2f}** |"
        )
        print(
            f"| same, CPU per article | {app[1]:.1f} ms | {bare[1]:.1f} ms | "
            f"{bare[1] / app[1]:.2f} |"
        )
    docs = rows["app"][0]["docs"]
    own = statistics.median(r["own_cpu"] for r in rows["app"]) / docs * 1000
    print(
        f"| the import's CPU per article: importing process / its file reader and index "
        f"writers | {own:.1f} / {app[1] - own:.1f} ms | | |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
