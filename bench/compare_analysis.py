"""Analysis cost of this checkout against another version of the app, in one run.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/compare_analysis.py --against /tmp/before [--runs 5] [--limit 300]
                                               [--claims-cost]

Each run times the full pipeline (entities and claims, one process, model load excluded)
over the first ``--limit`` news-4k articles, once in a fresh interpreter importing this
checkout and once importing ``--against``, alternating so that both see the same machine
load; the medians and their ratio are printed. What it answers: did a change make
analysis slower, measured against the code before it rather than a figure from another day.

``--claims-cost`` also times the entities-only pipeline (the senter instead of the
parser, no claims) in the same interpreter, alternating with the full one three times
(medians), and prints what
claims add to analysis time in each tree: the baseline the budget is measured against is
then taken under the same load as the figure itself. These two are CPU times of the
process (``time.process_time``), which other work on a busy machine disturbs far less than
the clock; the ratio between the trees stays on the clock.
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
#: Imports and the articles, for both timing scripts.
_PREAMBLE = (
    "import json, sys, time\n"
    "try:\n"
    "    from briefing_reader.core.analysis.pipeline import analyse\n"
    "except ImportError:  # before analyse() moved to the pipeline module\n"
    "    from briefing_reader.core.analysis.entities import analyse\n"
    "from briefing_reader.core.analysis.pipeline import pipeline\n"
    "texts = [(json.loads(l)['body'], None) for l in open(sys.argv[1])][: int(sys.argv[2])]\n"
)
TIME_ANALYSIS = _PREAMBLE + (
    "pipeline(); list(analyse(texts[:5]))\n"
    "t = time.perf_counter(); n = sum(1 for _ in analyse(texts))\n"
    "print(json.dumps({'ms': (time.perf_counter() - t) / n * 1000}))\n"
)
#: The entities-only pipeline first, then the full one, in the same interpreter.
TIME_CLAIMS_COST = _PREAMBLE + (
    "pipeline(claims=False); pipeline(claims=True)\n"
    "list(analyse(texts[:5], claims=False)); list(analyse(texts[:5]))\n"
    "import statistics\n"
    "out = {'entities_ms': [], 'ms': []}\n"
    "for _ in range(3):  # alternating, so that both see the same load\n"
    "    for key, claims in (('entities_ms', False), ('ms', True)):\n"
    "        t = time.process_time(); n = sum(1 for _ in analyse(texts, claims=claims))\n"
    "        out[key].append((time.process_time() - t) / n * 1000)\n"
    "print(json.dumps({k: statistics.median(v) for k, v in out.items()}))\n"
)


def time_tree(tree: Path, data: Path, limit: int, claims_cost: bool = False) -> dict:
    """``ms`` per article with the full pipeline (and ``entities_ms`` with ``claims_cost``)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    script = TIME_CLAIMS_COST if claims_cost else TIME_ANALYSIS
    out = subprocess.run(
        [sys.executable, "-c", script, str(data), str(limit)],
        capture_output=True, text=True, check=True, env=env, cwd=tree,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other source tree")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument(
        "--claims-cost", action="store_true", help="also time the entities-only pipeline"
    )
    args = parser.parse_args()
    here: list[dict] = []
    there: list[dict] = []
    for run in range(args.runs):
        here.append(time_tree(ROOT, args.data, args.limit, args.claims_cost))
        there.append(time_tree(args.against.resolve(), args.data, args.limit, args.claims_cost))
        print(
            f"run {run + 1}: this {here[-1]['ms']:.1f} ms, other {there[-1]['ms']:.1f} ms",
            file=sys.stderr,
        )
    mine = statistics.median(r["ms"] for r in here)
    theirs = statistics.median(r["ms"] for r in there)
    print(
        f"analysis per article ({args.limit} articles, medians of {args.runs}): "
        f"this checkout {mine:.1f} ms, {args.against} {theirs:.1f} ms, "
        f"ratio {mine / theirs:.3f} ({theirs / mine:.1%} of the other's throughput)"
    )
    if args.claims_cost:
        for name, rows in (("this checkout", here), (str(args.against), there)):
            shares = [r["ms"] / r["entities_ms"] - 1 for r in rows]
            entities = statistics.median(r["entities_ms"] for r in rows)
            print(
                f"claims cost, {name}: entities only {entities:.1f} ms, with claims "
                f"{statistics.median(r['ms'] for r in rows):.1f} ms; claims add "
                f"{statistics.median(shares):.0%} (median of the runs' shares; "
                f"runs {', '.join(f'{x:.0%}' for x in shares)})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
