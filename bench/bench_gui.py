"""Desktop window cost: start to a usable window, and opening a long document.

    QT_QPA_PLATFORM=offscreen python bench/bench_gui.py [--runs 7] [--library COPY]
        [--start-only] [--rounds N] [--against CHECKOUT LIBRARY]

**Start.** A fresh interpreter builds the window on the analysed sample library
(or ``--library``, a copy: the window writes to it) and reports the moment the
first listing is on screen (window shown, results painted, the search box taking
keys), then the moment the search code has loaded and the listing's facets are in.
Next to it, in the same run, a bare PySide6 window (QApplication plus an empty
QMainWindow, shown and painted): the floor any Qt app pays; and, for scale, that window
with the app's attributes (names, icon, Fusion) and a line of text painted. Each is started once
to warm the disk and bytecode caches, then ``--runs`` times, alternating; medians
of the wall clock and of the CPU time each process had used by then (which a busy
machine disturbs far less). The machine's speed drifts over seconds when other work
shares its cores (the CPU time of the same start moves by a third), so two medians
taken over the same minutes can still land on different speeds: each app start is
also divided by the bare start right after it, and the median of those ratios given.
``--rounds N`` measures the start N times over and prints the spread of the ratios.
``--against`` starts another version too, in the same
rounds (a source tree, e.g. ``git archive COMMIT``, with a library of its own copy:
an older version cannot open a library a newer one has upgraded).

**Highlight.** One highlight added to that document as the window does it: stored
with its undo step (the app operation), then its marks repainted in the open view,
which keeps its layout (no reopening). Baseline: the same view repainted unchanged.
The re-indexing that makes the highlight searchable follows as its own background
job, timed apart.

**Open.** A document of about 5,000 words (news-4k articles joined) is imported
with analysis. Opening it is timed in two parts, ``--runs`` times each: reading it
with its mentions, claims and entities from the library (what the reader thread
does), and laying it out with every highlight in the reading view and painting
it (what the GUI thread does). The baseline is a plain ``QTextEdit`` showing the
same text with no highlights, measured in the same process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_growth_window import SHOW_AND_REPORT, START_APP, START_BARE, start_report, warm

#: The bare window with what any window of this app pays before its own code: the same
#: application attributes (names, desktop file, window icon, the Fusion style) and a line
#: of text painted (fonts loaded). Printed next to the bare window, to judge the gap.
START_BARE_APP = (
    """
import resource, sys, time
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([sys.argv[0], "-style", "fusion"])
app.setApplicationName("Briefing Reader")
app.setOrganizationName("briefing-reader")
app.setApplicationVersion("0")
app.setDesktopFileName("io.github.briefingreader.BriefingReader")
app.setWindowIcon(QIcon(sys.argv[1]))
window = QMainWindow()
window.setCentralWidget(QLabel("Choose a document from the list to read it here."))
"""
    + SHOW_AND_REPORT
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-4k"
TARGET_WORDS = 5000


def long_text(data: Path, words: int = TARGET_WORDS) -> str:
    parts: list[str] = []
    count = 0
    with (data / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if not parts:
                parts.append(article["title"])
            parts.append(article["body"])
            count += len(article["body"].split())
            if count >= words:
                break
    return "\n\n".join(parts)


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def bench_start(
    workdir: Path,
    runs: int,
    library: Path | None = None,
    against: tuple[Path, Path] | None = None,
) -> dict[str, float]:
    """Start medians; ``against`` (a source tree of another version and a library of its
    own) is started in the same rounds, for a before/after under the same load."""
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library

    if library is None:
        library = workdir / "seed-library"
        with Library.open(library) as lib:
            import_paths(lib, [ROOT / "seeds"])
    settings = str(workdir / "bench-settings.ini")
    other_env = other_args = None
    checkout = None
    if against is not None:  # run from its tree: ``python -c`` puts the working folder first
        checkout = against[0].resolve()
        other_env = {**os.environ, "PYTHONPATH": str(checkout)}
        other_args = (str(against[1]), str(workdir / "other-settings.ini"))
        warm(START_APP, *other_args, env=other_env, cwd=checkout)
    icon = str(ROOT / "resources" / "icons" / "io.github.briefingreader.BriefingReader.svg")
    warm(START_APP, str(library), settings)
    warm(START_BARE)
    warm(START_BARE_APP, icon)
    apps, bares, bare_apps, others = [], [], [], []
    for _ in range(runs):
        if other_args is not None:
            others.append(start_report(START_APP, *other_args, env=other_env, cwd=checkout))
        apps.append(start_report(START_APP, str(library), settings))
        bares.append(start_report(START_BARE))
        bare_apps.append(start_report(START_BARE_APP, icon))
    figures = {
        # Each app start against the bare start right after it: the machine's speed drifts
        # over seconds (other work on the cores), and a pair sees the same machine.
        "paired_ratio": statistics.median(
            a["usable"] / b["usable"] for a, b in zip(apps, bares, strict=True)
        ),
        "paired_cpu_ratio": statistics.median(
            a["cpu"] / b["cpu"] for a, b in zip(apps, bares, strict=True)
        ),
        "paired_bare_app_cpu_ratio": statistics.median(
            a["cpu"] / b["cpu"] for a, b in zip(apps, bare_apps, strict=True)
        ),
        "app_ms": median_ms([a["usable"] for a in apps]),
        "search_ms": median_ms([a["searchable"] for a in apps]),
        "bare_ms": median_ms([b["usable"] for b in bares]),
        "app_cpu_ms": statistics.median(a["cpu"] for a in apps),
        "bare_cpu_ms": statistics.median(b["cpu"] for b in bares),
        "bare_app_ms": median_ms([b["usable"] for b in bare_apps]),
        "bare_app_cpu_ms": statistics.median(b["cpu"] for b in bare_apps),
    }
    if others:
        figures["other_ms"] = median_ms([o["usable"] for o in others])
        figures["other_cpu_ms"] = statistics.median(o["cpu"] for o in others)
        figures["other_paired_cpu_ratio"] = statistics.median(
            o["cpu"] / b["cpu"] for o, b in zip(others, bares, strict=True)
        )
        # Each app start against the other version's start just before it: the change
        # itself, without the bare window's own spread.
        figures["against_other_cpu_ratio"] = statistics.median(
            a["cpu"] / o["cpu"] for a, o in zip(apps, others, strict=True)
        )
    return figures


def bench_open(workdir: Path, data: Path, runs: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QTextEdit

    from briefing_reader.app.importing import import_paths
    from briefing_reader.app.reading import open_document
    from briefing_reader.core.library import Library
    from briefing_reader.gui.app import application
    from briefing_reader.gui.reading_view import ReadingView

    text = long_text(data)
    source = workdir / "long-document.txt"
    source.write_text(text, encoding="utf-8")
    app: QApplication = application()
    with Library.open(workdir / "long-library") as lib:
        result = import_paths(lib, [source])
        doc_id = result.imported[0]
        read_times, show_times, bare_times = [], [], []
        view = ReadingView()
        view.resize(900, 800)
        view.show()
        bare = QTextEdit()
        bare.setReadOnly(True)
        bare.resize(900, 800)
        bare.show()
        reading = open_document(lib, doc_id, "minister OR bank")
        for _ in range(runs):
            began = time.perf_counter()
            reading = open_document(lib, doc_id, "minister OR bank")
            read_times.append(time.perf_counter() - began)

            began = time.perf_counter()
            view.show_reading(reading)
            view.document().documentLayout().documentSize()
            view.repaint()
            app.processEvents()
            show_times.append(time.perf_counter() - began)

            began = time.perf_counter()
            bare.setPlainText(reading.document.text)
            bare.document().documentLayout().documentSize()
            bare.repaint()
            app.processEvents()
            bare_times.append(time.perf_counter() - began)
        view.close()
        bare.close()
    return {
        "words": len(text.split()),
        "mentions": len(reading.mentions),
        "claims": len(reading.claims),
        "query_terms": len(reading.term_spans),
        "read_ms": median_ms(read_times),
        "show_ms": median_ms(show_times),
        "total_ms": median_ms([r + s for r, s in zip(read_times, show_times, strict=True)]),
        "bare_ms": median_ms(bare_times),
    }


def bench_highlight(workdir: Path, runs: int) -> dict[str, float]:
    """Add one highlight to the long document as the window does: the app operation
    (stored with its undo step, the document re-indexed so the note is searchable), then
    the marks repainted in the open view. The document must not be laid out again."""
    from PySide6.QtWidgets import QApplication

    from briefing_reader.app.annotations import annotate, delete_annotation
    from briefing_reader.app.documents import index_pending
    from briefing_reader.app.reading import annotations_of, open_document
    from briefing_reader.core.library import Library
    from briefing_reader.gui.app import application
    from briefing_reader.gui.reading_view import ReadingView

    app: QApplication = application()
    with Library.open(workdir / "long-library") as lib:
        doc_id = lib.store.list()[0].id
        view = ReadingView()
        view.resize(900, 800)
        view.show()
        view.show_reading(open_document(lib, doc_id))
        app.processEvents()
        laid_out = view.document()
        text = view.reading.document.text if view.reading else ""
        start = text.index(" ", len(text) // 3)
        write_times, paint_times, repaint_times, index_times = [], [], [], []
        for number in range(runs + 1):
            began = time.perf_counter()
            change = annotate(
                lib, doc_id, start=start + 1, end=start + 60, color="green", index_now=False
            )
            wrote = time.perf_counter() - began
            began = time.perf_counter()
            view.set_annotations(*annotations_of(lib, doc_id))
            view.scroll_to_span(start + 1, start + 60, flash=False)
            view.viewport().repaint()
            app.processEvents()
            painted = time.perf_counter() - began
            began = time.perf_counter()
            view.viewport().repaint()  # the same screen painted again: the floor
            app.processEvents()
            again = time.perf_counter() - began
            began = time.perf_counter()
            index_pending(lib, change.unindexed)  # then, in the background: searchable
            indexed = time.perf_counter() - began
            if number:  # the first run warms the caches
                write_times.append(wrote)
                paint_times.append(painted)
                repaint_times.append(again)
                index_times.append(indexed)
            assert change.annotation is not None and view.document() is laid_out
            delete_annotation(lib, change.annotation.uid)
            view.set_annotations(*annotations_of(lib, doc_id))
        view.close()
    return {
        "write_ms": median_ms(write_times),
        "paint_ms": median_ms(paint_times),
        "total_ms": median_ms([w + p for w, p in zip(write_times, paint_times, strict=True)]),
        "repaint_ms": median_ms(repaint_times),
        "index_ms": median_ms(index_times),
    }


def report_start(start: dict[str, float], runs: int) -> None:
    if "other_ms" in start:
        print(
            f"the other version (median of {runs}): {start['other_ms']:.0f} ms, ratio "
            f"{start['other_ms'] / start['bare_ms']:.2f}; CPU {start['other_cpu_ms']:.0f} "
            f"ms, ratio {start['other_cpu_ms'] / start['bare_cpu_ms']:.2f} "
            f"(paired: CPU {start['other_paired_cpu_ratio']:.2f}); this version against it, "
            f"start by start: CPU {start['against_other_cpu_ratio']:.3f}"
        )
    print(
        f"start to usable window (median of {runs}): {start['app_ms']:.0f} ms; "
        f"bare PySide6 window {start['bare_ms']:.0f} ms; "
        f"ratio {start['app_ms'] / start['bare_ms']:.2f} (goal: ratio ≤ 2); "
        f"search code loaded, facets in: {start['search_ms']:.0f} ms"
    )
    print(
        f"CPU time by then (both threads, the interpreter's start included): app "
        f"{start['app_cpu_ms']:.0f} ms; bare PySide6 window {start['bare_cpu_ms']:.0f} ms; "
        f"ratio {start['app_cpu_ms'] / start['bare_cpu_ms']:.2f}"
    )
    print(
        f"each start against the bare start right after it (median of {runs} pairs): "
        f"wall {start['paired_ratio']:.2f}, CPU {start['paired_cpu_ratio']:.2f}"
    )
    print(
        f"bare window with the app's attributes, icon, style and a line of text: "
        f"{start['bare_app_ms']:.0f} ms, CPU {start['bare_app_cpu_ms']:.0f} ms "
        f"({start['bare_app_cpu_ms'] / start['bare_cpu_ms']:.2f}× the bare window's CPU); "
        f"the app against it: wall {start['app_ms'] / start['bare_app_ms']:.2f}, "
        f"CPU {start['app_cpu_ms'] / start['bare_app_cpu_ms']:.2f} "
        f"(paired: CPU {start['paired_bare_app_cpu_ratio']:.2f})"
    )


def report_rounds(rounds: list[dict[str, float]]) -> None:
    """The spread of the ratios over the rounds: what one round alone cannot show."""
    spreads = {
        "wall": [r["app_ms"] / r["bare_ms"] for r in rounds],
        "CPU": [r["app_cpu_ms"] / r["bare_cpu_ms"] for r in rounds],
        "wall, paired": [r["paired_ratio"] for r in rounds],
        "CPU, paired": [r["paired_cpu_ratio"] for r in rounds],
        "CPU against the bare window with the app's attributes and text, paired": [
            r["paired_bare_app_cpu_ratio"] for r in rounds
        ],
    }
    if "other_paired_cpu_ratio" in rounds[0]:
        spreads["the other version: CPU, paired"] = [r["other_paired_cpu_ratio"] for r in rounds]
        spreads["this version against the other: CPU, paired"] = [
            r["against_other_cpu_ratio"] for r in rounds
        ]
    print(f"ratios over {len(rounds)} rounds (goal: ≤ 2 in every round):")
    for name, ratios in spreads.items():
        listed = ", ".join(f"{r:.2f}" for r in ratios)
        print(
            f"  {name}: {listed}; highest {max(ratios):.2f}, median {statistics.median(ratios):.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure the start this many times (--start-only)"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--library", type=Path, help="start on this library (a copy) instead of the samples"
    )
    parser.add_argument("--start-only", action="store_true", help="measure the start only")
    parser.add_argument(
        "--against",
        nargs=2,
        type=Path,
        metavar=("CHECKOUT", "LIBRARY"),
        help="also start another version's source tree on a library of its own, alternating",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rounds = []
        for number in range(max(1, args.rounds)):
            if args.rounds > 1:
                print(f"round {number + 1}:")
            rounds.append(bench_start(workdir, args.runs, args.library, args.against))
            report_start(rounds[-1], args.runs)
        if len(rounds) > 1:
            report_rounds(rounds)
        if args.start_only:
            return 0
        opened = bench_open(workdir, args.data, args.runs)
        print(
            f"open a {opened['words']:.0f}-word document ({opened['mentions']:.0f} mentions, "
            f"{opened['claims']:.0f} claims, {opened['query_terms']:.0f} query words), "
            f"median of {args.runs}: read {opened['read_ms']:.1f} ms + show "
            f"{opened['show_ms']:.1f} ms = {opened['total_ms']:.1f} ms (goal: ≤ 50 ms); "
            f"bare QTextEdit with the same text {opened['bare_ms']:.1f} ms; "
            f"ratio {opened['total_ms'] / opened['bare_ms']:.2f}"
        )
        added = bench_highlight(workdir, args.runs)
        print(
            f"add one highlight to it (median of {args.runs}): store with its undo step "
            f"{added['write_ms']:.1f} ms + repaint the marks {added['paint_ms']:.1f} ms = "
            f"{added['total_ms']:.1f} ms (goal: ≤ 30 ms, no reload: the layout is kept); "
            f"the same view repainted unchanged {added['repaint_ms']:.1f} ms; then searchable "
            f"after re-indexing in the background {added['index_ms']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
