"""The window closes cleanly however much was read: a fresh process always exits 0."""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from tools.soak_gui import run_once


def test_qt_calls_returning_nothing_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A Qt binding that drops a reference to None per call aborts Python 3.11 at exit."""
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm")
    gc.collect()
    before = sys.getrefcount(None)
    for n in range(200):
        label.setText(str(n))
        label.update()
    gc.collect()
    assert sys.getrefcount(None) >= before


def test_quit_after_opening_fifty_documents_exits_zero(
    analysed_seed_library: Path, tmp_path: Path
) -> None:
    """Fifty openings (the analysed samples in turn), highlights, two theme switches, quit."""
    library = tmp_path / "library"
    shutil.copytree(analysed_seed_library, library)
    done = run_once(library, 50, tmp_path / "settings.ini")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "opened 50" in done.stdout
