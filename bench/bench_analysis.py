"""Entity analysis cost: model load time, import throughput with analysis, peak memory.

    python bench/bench_analysis.py [--runs 3] [--limit N]

Model load is measured in fresh interpreters (import spaCy + load the vendored
pipeline with its rule layers), next to a bare ``spacy.load`` of the same model in
the same run. Import throughput writes the news-4k articles as .txt files and
imports them twice into fresh libraries: with analysis and without (the baseline),
in the same run. Peak memory is the resident maximum of the importing process and,
separately, of its analysis worker processes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import write_corpus  # noqa: E402

LOAD_APP = (
    "import time; t = time.perf_counter()\n"
    "from briefing_reader.core.analysis.pipeline import pipeline; pipeline()\n"
    "print(time.perf_counter() - t)\n"
)
LOAD_BARE = (
    "import time; t = time.perf_counter()\n"
    "import spacy; from briefing_reader.core.analysis.pipeline import MODEL_DIR\n"
    "spacy.load(MODEL_DIR)\n"
    "print(time.perf_counter() - t)\n"
)
CLAIMS_COST = (
    "import json, statistics, sys, time\n"
    "from briefing_reader.core.analysis.pipeline import analyse\n"
    "from briefing_reader.core.analysis.pipeline import pipeline\n"
    "texts = [(json.loads(l)['body'], None) for l in open(sys.argv[1])][: int(sys.argv[2])]\n"
    "pipeline(claims=True); pipeline(claims=False)\n"
    "out = {True: [], False: []}\n"
    "for _ in range(int(sys.argv[3])):\n"
    "    for claims in (False, True):\n"
    "        t = time.perf_counter(); n = sum(1 for _ in analyse(texts, claims=claims))\n"
    "        out[claims].append((time.perf_counter() - t) / n * 1000)\n"
    "print(json.dumps({'entities_ms': statistics.median(out[False]),\n"
    "                  'claims_ms': statistics.median(out[True])}))\n"
)
IMPORT = (
    "import json, resource, sys, time\n"
    "from pathlib import Path\n"
    "from briefing_reader.app.importing import import_paths\n"
    "from briefing_reader.core.library import Library\n"
    "lib = Library.open(Path(sys.argv[1]))\n"
    "t = time.perf_counter()\n"
    "r = import_paths(lib, [Path(sys.argv[2])], analyse=sys.argv[3] == '1')\n"
    "elapsed = time.perf_counter() - t\n"
    "print(json.dumps({'seconds': elapsed, 'docs': len(r.imported), 'failed': len(r.failed),\n"
    "  'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
    "  'children_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def run_python(code: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def sample_corpus(data: Path, work: Path, limit: int | None) -> Path:
    """The first ``limit`` articles (all when None or 0) as .txt files in ``work/corpus``."""
    corpus = work / "corpus"
    corpus.mkdir()
    write_corpus(data, corpus)
    if limit:
        for extra in sorted(corpus.glob("*.txt"))[limit:]:
            extra.unlink()
    return corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()

    app_load = [float(run_python(LOAD_APP)) for _ in range(args.runs)]
    bare_load = [float(run_python(LOAD_BARE)) for _ in range(args.runs)]
    print(
        f"model load (fresh process, spaCy import included): app pipeline "
        f"{statistics.median(app_load):.2f} s, bare spacy.load {statistics.median(bare_load):.2f} s"
    )

    cost = json.loads(
        run_python(CLAIMS_COST, str(args.data / "articles.jsonl"), "300", str(args.runs))
    )
    extra = cost["claims_ms"] / cost["entities_ms"] - 1
    print(
        f"analysis per article (one process, 300 articles): entities only "
        f"{cost['entities_ms']:.1f} ms, entities + claims {cost['claims_ms']:.1f} ms "
        f"(claims add {extra:.0%})"
    )

    work = Path(tempfile.mkdtemp(prefix="br-analysis-"))
    try:
        corpus = sample_corpus(args.data, work, args.limit)
        count = len(list(corpus.glob("*.txt")))
        rows: dict[str, list[dict]] = {"with": [], "without": []}
        for run in range(args.runs):
            for mode, flag in (("with", "1"), ("without", "0")):
                lib = work / f"lib-{mode}-{run}"
                rows[mode].append(json.loads(run_python(IMPORT, str(lib), str(corpus), flag)))
                shutil.rmtree(lib)
            last = rows["with"][-1]
            print(
                f"run {run + 1}: {count / last['seconds']:.1f} articles/s with analysis",
                file=sys.stderr,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in rows[mode])

    with_rate = count / med("with", "seconds")
    without_rate = count / med("without", "seconds")
    print(f"articles: {count}, runs: {args.runs} (medians)")
    print(f"import with analysis:    {with_rate:.1f} articles/s ({med('with', 'seconds'):.1f} s)")
    print(
        f"import without analysis: {without_rate:.1f} articles/s ({med('without', 'seconds'):.1f} s)"
    )
    print(
        f"peak memory with analysis: importer {med('with', 'rss_mb'):.0f} MB, "
        f"each analysis worker up to {med('with', 'children_rss_mb'):.0f} MB; "
        f"without analysis {med('without', 'rss_mb'):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
