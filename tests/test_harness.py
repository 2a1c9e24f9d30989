"""CI-sized slices of the hostile-input harnesses in bench/ (the full runs are on demand)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import crash_kill
import fuzz_import
import fuzz_query


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
    report = crash_kill.run(kills=2, seed=7)
    assert report["problems"] == []
