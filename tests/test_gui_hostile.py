"""The window under hostile conditions: first start races, failed analyses, signals."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QPushButton

from briefing_reader.core.library import Library
from briefing_reader.gui.app import quit_on_signals
from briefing_reader.gui.failed_dialog import FailedAnalysesDialog
from briefing_reader.gui.main_window import MainWindow

TIMEOUT = 60_000
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _start(qtbot, folder: Path, tmp_path: Path, file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """What ``briefing-reader FILE`` does on a first start: show, then import the file."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(folder, settings, seeds=SEEDS)
    qtbot.addWidget(window)
    window.show()
    window.import_at_start([file])
    qtbot.waitUntil(lambda: window.is_ready and window.seeded, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=TIMEOUT)
    return window


def test_first_start_with_a_file_keeps_the_file_and_the_seeds(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    file = tmp_path / "mine.txt"
    file.write_text("My own briefing about the Osprey deployment in Okinawa.\n")
    for attempt in range(20):
        folder = tmp_path / f"library-{attempt}"
        window = _start(qtbot, folder, tmp_path, file)
        window.close()
        assert errors == [], attempt
        with Library.open(folder) as library:
            names = sorted(doc.file_name for doc in library.store.list("id"))
            assert names == sorted(["mine.txt", *(p.name for p in SEEDS.iterdir())]), attempt
            library.ensure_index()
            assert library.index.indexed_ids() == set(library.store.all_ids()), attempt


def test_failed_analyses_are_listed_and_retried(qtbot, seeded_library: Library) -> None:  # type: ignore[no-untyped-def]
    doc_id = seeded_library.store.all_ids()[0]
    seeded_library.failures.mark(doc_id, "analysis took longer than 60 s and was stopped", 1)
    retried: list[list[int]] = []
    dialog = FailedAnalysesDialog(seeded_library.failures.list(), retried.append)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert "longer than 60 s" in dialog.table.item(0, 2).text()
    button = dialog.retry_button
    assert isinstance(button, QPushButton) and button.isEnabled()
    button.click()
    assert retried == [[doc_id]]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_close_the_window(qtbot, signum: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        quit_on_signals(window)
        os.kill(os.getpid(), signum)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
