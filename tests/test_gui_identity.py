"""The entities panel says which names the library joined and why, and keeps one apart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from briefing_reader.gui.main_window import MainWindow

TIMEOUT = 20_000


@pytest.fixture
def window(qtbot, identity_library: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    copy = tmp_path / "library"
    shutil.copytree(identity_library, copy)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(copy, settings)
    qtbot.addWidget(win)
    with qtbot.waitSignals([win.ready, win.searchReady], timeout=TIMEOUT):
        win.show()
    yield win


def _open(qtbot, window: MainWindow, file_name: str) -> None:  # type: ignore[no-untyped-def]
    from briefing_reader.core.library import Library

    with Library.open(window.library_folder) as library:
        doc_id = next(d.id for d in library.store.list() if d.file_name == file_name)
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT):
        window.reading_ctl.open_document(doc_id)


def test_joined_names_are_explained_and_can_be_kept_apart(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, "short-trump.txt")
    panel = window.entities_panel
    assert panel.select_entity("PERSON", "Donald Trump")
    assert "joined automatically" in panel.detail_title.text()
    item = panel.tree.currentItem()
    assert "Joined “Trump”" in item.toolTip(0) and "%" in item.toolTip(0)

    menu = panel.correction_menu("PERSON", "Donald Trump")
    apart = next(a for a in menu.actions() if a.text() == "Keep apart").menu()
    action = next(a for a in apart.actions() if "Trump" in a.text())
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        action.trigger()
    qtbot.waitUntil(
        lambda: (
            window.reading is not None
            and any(m.canonical == "Trump" for m in window.reading.mentions)
        ),
        timeout=TIMEOUT,
    )
    assert panel.select_entity("PERSON", "Trump")


def test_a_name_left_undecided_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, "short-clinton.txt")
    panel = window.entities_panel
    assert panel.select_entity("PERSON", "Clinton")
    assert "could be" in panel.detail_title.text()
    assert "Hillary Clinton" in panel.tree.currentItem().toolTip(0)
