"""Analysis cost of this checkout against another version of the app, in one run.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/compare_analysis.py --against /tmp/before [--runs 5] [--limit 300]

Each run times the full pipeline (entities and claims, one process, model load excluded)
over the first ``--limit`` news-4k articles, once in a fresh interpreter importing this
checkout and once importing ``--against``, alternating so that both see the same machine
load; the medians and their ratio are printed. What it answers: did a change make
analysis slower, measured against the code before it rather than a figure from another day.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k" / "articles.jsonl"
TIME_ANALYSIS = (
    "import json, sys, time\n"
    "try:\n"
    "    from briefing_reader.core.analysis.pipeline import analyse\n"
    "except ImportError:  # before analyse() moved to the pipeline module\n"
    "    from briefing_reader.core.analysis.entities import analyse\n"
    "from briefing_reader.core.analysis.pipeline import pipeline\n"
    "texts = [(json.loads(l)['body'], None) for l in open(sys.argv[1])][: int(sys.argv[2])]\n"
    "pipeline(); list(analyse(texts[:5]))\n"
    "t = time.perf_counter(); n = sum(1 for _ in analyse(texts))\n"
    "print(json.dumps({'ms': (time.perf_counter() - t) / n * 1000}))\n"
)


def time_tree(tree: Path, data: Path, limit: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", TIME_ANALYSIS, str(data), str(limit)],
        capture_output=True, text=True, check=True, env=env, cwd=tree,
    )  # fmt: skip
    return float(json.loads(out.stdout.strip().splitlines()[-1])["ms"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other source tree")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    here, there = [], []
    for run in range(args.runs):
        here.append(time_tree(ROOT, args.data, args.limit))
        there.append(time_tree(args.against.resolve(), args.data, args.limit))
        print(f"run {run + 1}: this {here[-1]:.1f} ms, other {there[-1]:.1f} ms", file=sys.stderr)
    mine, theirs = statistics.median(here), statistics.median(there)
    print(
        f"analysis per article ({args.limit} articles, medians of {args.runs}): "
        f"this checkout {mine:.1f} ms, {args.against} {theirs:.1f} ms, "
        f"ratio {mine / theirs:.3f} ({theirs / mine:.1%} of the other's throughput)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
