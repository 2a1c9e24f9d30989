"""Crash harness: SIGKILL the app at random moments, then check nothing was lost.

Each round starts one of: an import with analysis, a burst of annotations, a burst
of entity corrections, or an export — each a separate process that prints ``ACK …``
after every change it committed — and kills it after a random delay. Then it checks:
every acknowledged annotation and correction is present, every document stored
before the round is still there with the same text, SQLite ``integrity_check`` is
ok, the library opens, and the next command (an import of a new article, with
analysis) works: the new article is stored, and every stored document is analysed
and in the search index. Rounds go on until ``--kills`` kills have landed while the
operation was still running (a round whose operation ended first is checked too,
but not counted).

    python bench/crash_kill.py [--kills 100] [--seed 15]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing_reader.core.analysis.version import ANALYSIS_VERSION
from briefing_reader.core.library import Library

#: Runs in the child: a burst of changes, each acknowledged once committed.
BURST = r"""
import sys
from pathlib import Path
from briefing_reader.core.analysis.version import ANALYSIS_VERSION
from briefing_reader.core.library import Library
from briefing_reader.app.annotations import annotate
from briefing_reader.app.entities import hide_entity, list_entities

kind, folder, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
with Library.open(folder) as library:
    ids = library.store.all_ids()
    for step in range(200):
        doc_id = ids[(seed + step) % len(ids)]
        if kind == "annotate":
            text = library.store.get(doc_id).text
            start = (seed * 7 + step * 13) % max(1, len(text) - 12)
            quote = text[start : start + 12]
            if not quote.strip():
                continue
            change = annotate(library, doc_id, quote=quote, occurrence=None, color="yellow",
                              note=f"n{seed}-{step}", tags=["crash"])
            print("ACK annotation", change.annotation.uid, flush=True)
        else:
            entities = list_entities(library, None, None)
            if not entities:
                break
            # hiding distinct entities: each correction stands alone (a second rename of
            # one entity legitimately replaces the first)
            entity = entities[(seed + step) % len(entities)]
            hide_entity(library, f"{entity.label}:{entity.canonical}")
            row = library.store.connection.execute(
                "SELECT MAX(id) FROM entity_corrections").fetchone()
            print("ACK correction", row[0], flush=True)
"""

ARTICLE = (
    "Defense Minister Gen Nakatani met Lloyd Austin in Tokyo on Tuesday. Austin said the "
    "alliance was stronger than ever, according to officials. Japan and the United States "
    "agreed to deploy more Osprey aircraft to Okinawa, the ministry said in a statement."
)


def _cli(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing_reader", "--library", str(folder), *args]


def _write_articles(folder: Path, rng: random.Random, count: int, tag: int) -> Path:
    batch = folder / f"in-{tag}"
    batch.mkdir()
    for number in range(count):
        words = ARTICLE.split()
        rng.shuffle(words)
        text = f"Report {tag}-{number}\n\n{ARTICLE}\n\n{' '.join(words)}."
        (batch / f"r{tag}-{number}.txt").write_text(text, encoding="utf-8")
    return batch


def _start(kind: str, folder: Path, work: Path, rng: random.Random, round_: int) -> list[str]:
    if kind == "import":
        batch = _write_articles(work, rng, rng.randint(2, 12), round_)
        return _cli(folder, "import", str(batch))
    if kind == "export":
        return _cli(folder, "export", "--out", str(work / f"out-{round_}"), "--force")
    return [sys.executable, "-c", BURST, kind, str(folder), str(round_)]


def _stored(folder: Path) -> dict[int, str]:
    """Document id → content hash, read straight from the database."""
    database = sqlite3.connect(folder / "library.sqlite3")
    try:
        return dict(database.execute("SELECT id, content_hash FROM documents"))
    finally:
        database.close()


def _next_import(folder: Path, work: Path, round_: int, env: dict) -> list[str]:
    """The next command after a kill: import one new article; it must succeed."""
    path = work / f"next-{round_}.txt"
    path.write_text(f"Follow-up {round_}\n\n{ARTICLE}\n\nRound {round_} is over.", "utf-8")
    done = subprocess.run(
        _cli(folder, "import", "--json", str(path)), capture_output=True, env=env, check=False
    )
    if done.returncode != 0:
        return [f"next import exited {done.returncode}: {done.stderr.decode()[-300:]}"]
    answer = json.loads(done.stdout)
    if len(answer["imported"]) != 1 or answer["failed"] or answer["analysis_failed"]:
        return [f"next import did not store the new article: {answer}"]
    return []


def _check(
    folder: Path, work: Path, round_: int, acked: dict[str, set], before: dict[int, str], env: dict
) -> list[str]:
    problems: list[str] = []
    database = sqlite3.connect(folder / "library.sqlite3")
    try:
        if (state := database.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {state}")
        uids = {r[0] for r in database.execute("SELECT uid FROM annotations")}
        corrections = {r[0] for r in database.execute("SELECT id FROM entity_corrections")}
    finally:
        database.close()
    problems += [f"annotation lost: {uid}" for uid in acked["annotation"] - uids]
    problems += [f"correction lost: {cid}" for cid in acked["correction"] - corrections]
    after = _stored(folder)
    problems += [
        f"document {doc_id} lost or changed"
        for doc_id, digest in before.items()
        if after.get(doc_id) != digest
    ]
    # the next command (an import) repairs the index and analyses what was left
    problems += _next_import(folder, work, round_, env)
    with Library.open(folder) as library:
        stored = set(library.store.all_ids())
        missing = stored - library.index.indexed_ids()
        unanalysed = set(library.entities.unanalysed_ids(ANALYSIS_VERSION))
        failed = library.failures.ids()
    problems += [f"document {doc_id} not searchable" for doc_id in sorted(missing)]
    problems += [f"document {doc_id} not analysed" for doc_id in sorted(unanalysed)]
    problems += [f"document {doc_id} marked failed" for doc_id in sorted(failed)]
    return problems


def run(kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    acked: dict[str, set] = {"annotation": set(), "correction": set()}
    problems: list[str] = []
    counts: dict[str, int] = {}
    landed_on: dict[str, int] = {}
    #: kills that found the operation already over (nothing was interrupted; not counted)
    finished_first = 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        folder = work / "library"
        first = _write_articles(work, rng, 6, 0)
        subprocess.run(_cli(folder, "import", str(first)), capture_output=True, env=env, check=True)
        round_ = landed = 0
        while landed < kills:
            round_ += 1
            before = _stored(folder)
            kind = rng.choice(["import", "annotate", "correct", "export"])
            counts[kind] = counts.get(kind, 0) + 1
            child = subprocess.Popen(
                _start(kind, folder, work, rng, round_),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
                start_new_session=True,
            )
            time.sleep(rng.uniform(0.2, 6.0))
            if child.poll() is None:
                landed += 1
                landed_on[kind] = landed_on.get(kind, 0) + 1
            else:
                finished_first += 1
            with contextlib.suppress(ProcessLookupError):  # over, workers included
                os.killpg(child.pid, signal.SIGKILL)  # the child and its workers
            output, _ = child.communicate()
            for line in output.splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[0] == "ACK":
                    acked[parts[1]].add(parts[2] if parts[1] == "annotation" else int(parts[2]))
            found = _check(folder, work, round_, acked, before, env)
            problems += [f"round {round_} ({kind}): {p}" for p in found]
            print(f"round {round_} {kind}: {len(found)} problem(s)", file=sys.stderr)
        documents = len(_stored(folder))
    return {
        "kills": landed,
        "rounds": round_,
        "seed": seed,
        "operations": counts,
        "kills_by_operation": landed_on,
        "over_before_the_kill": finished_first,
        "documents": documents,
        "minutes": round((time.monotonic() - began) / 60, 1),
        "acknowledged_annotations": len(acked["annotation"]),
        "acknowledged_corrections": len(acked["correction"]),
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    report = run(args.kills, args.seed)
    print(json.dumps(report, indent=2, ensure_ascii=True))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
