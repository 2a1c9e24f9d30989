"""Open many documents, highlight, toggle the theme and quit, in a fresh process each run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/soak_gui.py LIBRARY [--open 50] [--runs 10]

A reader must be able to quit cleanly after any amount of reading. Each run starts
the real window in a new interpreter (as the launcher does), opens ``--open``
documents one after another (cycling through the library), highlights a passage
in every tenth, toggles the theme twice, closes the window and lets Python shut
down. The parent counts runs that exited with status 0 and prints any other
status with the tail of its output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from briefing_reader.gui.app import application
from briefing_reader.gui.main_window import MainWindow
from briefing_reader.core.library import Library

library, count = Path(sys.argv[1]), int(sys.argv[2])
app = application()
settings = QSettings(str(Path(sys.argv[3])), QSettings.Format.IniFormat)
with Library.open(library) as lib:
    ids = [d.id for d in lib.store.list("published")]
window = MainWindow(library, settings)


def wait(signal, timeout_ms=30_000):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


window.show()
wait(window.ready)
for n in range(count):
    window.reading_ctl.open_document(ids[n % len(ids)])
    wait(window.readingShown)
    if n % 10 == 3 and window.reading is not None:
        text = window.reading.document.text
        end = min(len(text), 40)
        if end > 5:
            window.notes_ctl.highlight(0, end, "yellow")
            wait(window.jobFinished)
    if n == count // 2:
        window.toggle_theme()
        window.toggle_theme()
window.close()
app.processEvents()
print("opened", count, flush=True)
"""


def run_once(library: Path, count: int, settings: Path) -> subprocess.CompletedProcess[str]:
    """One child process: the window opened on ``library``, ``count`` documents, then quit."""
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(library), str(count), str(settings)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--open", type=int, default=50, help="documents to open per run")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    settings = args.library.parent / "soak-settings.ini"
    clean = 0
    for number in range(1, args.runs + 1):
        done = run_once(args.library, args.open, settings)
        if done.returncode == 0 and "opened" in done.stdout:
            clean += 1
        else:
            print(f"run {number}: exit status {done.returncode}\n{done.stderr[-800:]}")
    print(f"{clean} of {args.runs} runs opened {args.open} documents and exited with status 0")
    return 0 if clean == args.runs else 1


if __name__ == "__main__":
    raise SystemExit(main())
