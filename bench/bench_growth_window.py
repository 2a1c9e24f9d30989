"""The window on a library: start time, memory with ten documents read, open time.

    QT_QPA_PLATFORM=offscreen python bench/bench_growth_window.py LIBRARY [--runs 5]
        [--tracemalloc 25]

**Start**: a fresh interpreter builds the main window on LIBRARY; the clock stops
when the first listing is painted (and, as a second figure, when the search code has
loaded and the listing's facets are in). Baseline: a bare PySide6 ``QMainWindow``
shown and painted, in the same run. Each is started once first, to warm the disk
cache and Python's bytecode cache (see :func:`warm`).

**Memory and open time**: a fresh interpreter opens the window, then opens ten
documents one after another as a user does (the listing's first ten rows, each
shown before the next is asked for), and reports its resident set (``VmRSS``) and
peak (``VmHWM``) from ``/proc``, and the median time from asking for a document to
its being shown with its marks. Baseline: the RSS of the bare window above.
``--tracemalloc N`` also prints the N largest Python allocation sites at the end
(tracemalloc slows the process down; its run gives no times).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: Both start scripts report ``usable`` (the wall clock when the window is painted) and
#: ``cpu`` (the process's CPU time by then, in ms: both threads, the interpreter's own
#: start included), which a busy machine disturbs far less than the wall clock.
START_APP = """
import resource, time, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from briefing_reader.gui.app import application
from briefing_reader.gui.main_window import MainWindow
app = application()
lib = Path(sys.argv[1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
reached = set()
def at(moment):
    # Usable: the first listing is in (ready) and its first row painted; the report
    # waits for the end of that paint. An empty listing has no row to paint.
    reached.add(moment)
    listed = "row" in reached or not window.search_pane.model.rowCount()
    if "ready" in reached and listed and "usable" not in reached:
        reached.add("usable")
        QTimer.singleShot(0, usable)
try:  # rows are drawn by this delegate (older versions without it: ready alone)
    from briefing_reader.gui.richtext import RichTextDelegate
    paint = RichTextDelegate.paint
    def painted(self, painter, option, index):
        paint(self, painter, option, index)
        if self is rows[0]:
            at("row")
    RichTextDelegate.paint = painted
except ImportError:
    reached.add("row")
window = MainWindow(lib, settings)
rows = [window.search_pane.results.itemDelegate()]
def usable():
    print("usable", time.time(), flush=True)
    used = resource.getrusage(resource.RUSAGE_SELF)
    print("cpu", (used.ru_utime + used.ru_stime) * 1000, flush=True)
    if getattr(window, "search_loaded", True):  # (older versions: loaded before the listing)
        searched()
def searched():
    print("searchable", time.time(), flush=True)
    app.quit()
window.ready.connect(lambda: at("ready"))
if hasattr(window, "searchReady"):
    window.searchReady.connect(lambda: QTimer.singleShot(0, searched))
window.show()
app.exec()
window.close()
"""

#: The end of every bare-window script: the window shown at the app's size and painted,
#: then the wall clock and the process's CPU time reported as the app's start reports them.
SHOW_AND_REPORT = """
window.resize(1400, 860)
window.show()
window.repaint()
app.processEvents()
print("usable", time.time(), flush=True)
used = resource.getrusage(resource.RUSAGE_SELF)
print("cpu", (used.ru_utime + used.ru_stime) * 1000, flush=True)
"""

START_BARE = (
    """
import resource, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
"""
    + SHOW_AND_REPORT
    + """from pathlib import Path
rss = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmRSS")]
print("rss", int(rss[0].split()[1]) / 1024, flush=True)
"""
)

READ_TEN = """
import json, sys, time, tracemalloc
from pathlib import Path
top, count = int(sys.argv[3]), int(sys.argv[4])
if top:
    tracemalloc.start(12)
from PySide6.QtCore import QSettings, QTimer
from briefing_reader.gui.app import application
from briefing_reader.gui.main_window import MainWindow
app = application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(Path(sys.argv[1]), settings)
opened, times, asked = [], [], [0.0]
def status():
    rows = Path("/proc/self/status").read_text().splitlines()
    return {l.split(":")[0]: int(l.split()[1]) / 1024 for l in rows if l.startswith("Vm")}
def next_document(shown_id=None):
    if shown_id is not None:
        times.append(time.perf_counter() - asked[0])
        opened.append(shown_id)
    if len(times) == count:
        QTimer.singleShot(0, finish)
        return
    asked[0] = time.perf_counter()
    window.search_pane.step(1)  # the next result, as Alt+Down opens it
def finish():
    app.processEvents()
    import gc; gc.collect()
    memory = status()
    out = {"rss_mb": memory["VmRSS"], "peak_mb": memory["VmHWM"], "open_ms": times, "ids": opened}
    if top:
        snapshot = tracemalloc.take_snapshot()
        out["traced_mb"] = sum(s.size for s in snapshot.statistics("filename")) / 2**20
        out["top"] = [
            f"{s.size / 2**20:7.2f} MB {s.count:8d} {s.traceback.format(limit=1)[0].strip()}"
            for s in snapshot.statistics("lineno")[:top]
        ]
        out["files"] = [
            f"{s.size / 2**20:7.2f} MB {s.traceback.format(limit=1)[0].strip()}"
            for s in snapshot.statistics("filename")[:top]
        ]
        out["stacks"] = [
            f"{s.size / 2**20:7.2f} MB " + " <- ".join(
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(s.traceback)
            )
            for s in snapshot.statistics("traceback")[:5]
        ]
    print(json.dumps(out), flush=True)
    app.quit()
window.readingShown.connect(lambda doc_id: QTimer.singleShot(0, lambda: next_document(doc_id)))
window.ready.connect(lambda: QTimer.singleShot(0, next_document))
window.show()
app.exec()
window.close()
"""


def _run(
    script: str, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, list[str]]:
    began = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=cwd,
    )
    return began, proc.stdout.strip().splitlines()


def warm(
    script: str, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> None:
    """Start once to warm the caches: the disk's, and Python's bytecode cache, which an
    installed copy has from its installer (pip, the bundle) and a checkout writes on its
    first run. Where ``PYTHONDONTWRITEBYTECODE`` is set, every start would compile the
    app's modules from source again (about 0.1 s of CPU), a cost no user pays."""
    env = {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
    _run(script, *args, env=env, cwd=cwd)


def start_seconds(script: str, *args: str) -> float:
    """From launching a fresh interpreter to the moment it says it is usable."""
    return start_report(script, *args)["usable"]


def start_report(
    script: str, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> dict[str, float]:
    """What a start script reports: its moments (``usable``, ``searchable``) as seconds
    from launching the interpreter, ``cpu`` in ms, ``rss`` in MB."""
    began, lines = _run(script, *args, env=env, cwd=cwd)
    report = {}
    for line in lines:
        name, value = line.split()
        report[name] = float(value) - (began if name in ("usable", "searchable") else 0.0)
    return report


def read_ten(library: Path, settings: Path, top: int = 0, count: int = 10) -> dict[str, Any]:
    _, lines = _run(READ_TEN, str(library), str(settings), str(top), str(count))
    return dict(json.loads(lines[-1]))


def window_figures(library: Path, runs: int) -> dict[str, float]:
    """Start, RSS and open medians on ``library``, with the bare window's figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    settings = library.parent / f"{library.name}-bench-settings.ini"
    warm(START_APP, str(library), str(settings))
    warm(START_BARE)
    app, bare, bare_rss, rss, peak, opens = [], [], [], [], [], []
    for _ in range(runs):
        app.append(start_seconds(START_APP, str(library), str(settings)))
        baseline = start_report(START_BARE)
        bare.append(baseline["usable"])
        bare_rss.append(baseline["rss"])
        ten = read_ten(library, settings)
        rss.append(ten["rss_mb"])
        peak.append(ten["peak_mb"])
        opens.extend(ten["open_ms"])
    return {
        "start_ms": statistics.median(app) * 1000,
        "bare_start_ms": statistics.median(bare) * 1000,
        "rss_mb": statistics.median(rss),
        "peak_mb": statistics.median(peak),
        "bare_rss_mb": statistics.median(bare_rss),
        "open_ms": statistics.median(opens) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tracemalloc", type=int, default=0, metavar="N")
    args = parser.parse_args()
    figures = window_figures(args.library, args.runs)
    print(
        f"start to usable window (median of {args.runs}): {figures['start_ms']:.0f} ms; bare "
        f"PySide6 window {figures['bare_start_ms']:.0f} ms; ratio "
        f"{figures['start_ms'] / figures['bare_start_ms']:.2f} (goal: ≤ 2)"
    )
    print(
        f"RSS with the library open and ten documents read: {figures['rss_mb']:.0f} MB "
        f"(peak {figures['peak_mb']:.0f} MB); bare PySide6 window {figures['bare_rss_mb']:.0f} MB"
    )
    print(
        f"open a document (request to shown, median of {args.runs * 10}): {figures['open_ms']:.1f} ms"
    )
    if args.tracemalloc:
        settings = args.library.parent / f"{args.library.name}-bench-settings.ini"
        traced = read_ten(args.library, settings, args.tracemalloc)
        print(f"tracemalloc: {traced['traced_mb']:.1f} MB traced, RSS {traced['rss_mb']:.0f} MB")
        print("\n".join(traced["files"]))
        print("\n".join(traced["top"]))
        print("\n".join(traced["stacks"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
