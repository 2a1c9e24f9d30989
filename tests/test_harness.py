"""CI-sized slices of the hostile-input harnesses in bench/ (the full runs are on demand)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import crash_kill
import fuzz_import
import fuzz_query

from briefing_reader.app.analysing import ANALYSING
from briefing_reader.app.importing import READING
from briefing_reader.app.progress import Progress


def test_fuzz_import_slice() -> None:
    report = fuzz_import.run(files=120, batch=60, seed=7, analyse=False, ceiling=10.0)
    assert report["good_imported"] == report["good_files"] > 0
    assert [p for p in report["problems"] if not p.startswith("over")] == []


def test_fuzz_query_slice(seeded_library) -> None:  # type: ignore[no-untyped-def]
    folder = seeded_library.folder
    seeded_library.close()
    report = fuzz_query.run(folder, queries=300, seed=7, ceiling=5.0)
    assert report["problems"] == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_crash_kill_slice() -> None:
    report = crash_kill.run(kills=1, seed=7)
    assert report["problems"] == []


def test_fuzz_clock_charges_each_file_its_own_time() -> None:
    """The commit after the last file is the batch's line, never that file's time; nor is
    a wait for the analysis workers (the earlier files' analysis)."""
    ticks = iter([0.0, 0.0, 1.0, 3.0, 3.5, 4.0, 4.25, 9.0])
    clock = fuzz_import.FileClock(clock=lambda: next(ticks))
    for progress in [
        Progress(0, 2, "/in/a.txt", READING),  # a: 0 → 1
        Progress(1, 2, "/in/b.txt", READING),  # b: 1 → 3, of which 1.5 waiting
        Progress(2, 2, "", READING),  # reading ended
        Progress(0, 2, "", ANALYSING),
        Progress(1, 2, "A", ANALYSING),
        Progress(2, 2, "B", ANALYSING),
        Progress(2, 2, "done", READING),  # 4.75 s of linking and commit
    ]:
        clock(progress)
        if progress.message == "/in/b.txt":
            clock.waited(1.5)
    assert clock.reading == {"/in/a.txt": 1.0, "/in/b.txt": 0.5}
    assert clock.waiting == 1.5
    assert clock.finish == 4.75
