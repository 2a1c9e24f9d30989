"""The first search after an upgrade rebuilds the index of an earlier version, and says
so as it goes: to the caller, on the command line and in the window's status bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_reader.app.importing import import_paths
from briefing_reader.app.progress import REBUILDING, Progress
from briefing_reader.app.searching import search
from briefing_reader.cli import EXIT_OK, main
from briefing_reader.core.library import Library
from briefing_reader.core.search.schema import INDEX_VERSION

NOTES = 3


@pytest.fixture
def earlier_library(tmp_path: Path) -> Path:
    """A library of three notes whose index an earlier version wrote."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for number in range(NOTES):
        (notes / f"note-{number}.txt").write_text(
            f"Harbour note {number}\n\nThe harbour pilots met on day {number}.\n", "utf-8"
        )
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        import_paths(library, [notes], analyse=False)
    (folder / "index" / "BRIEFING_INDEX_VERSION").write_text(str(INDEX_VERSION - 1))
    return folder


def test_the_first_search_reports_the_rebuild(earlier_library: Path) -> None:
    seen: list[Progress] = []
    with Library.open(earlier_library) as library:
        results = search(library, "harbour", progress=seen.append)
        assert results.total == NOTES
        assert any("rebuilt" in notice for notice in results.notices)
        assert [(p.done, p.total, p.phase) for p in seen] == [
            (done, NOTES, REBUILDING) for done in range(1, NOTES + 1)
        ]
        seen.clear()
        assert search(library, "pilots", progress=seen.append).total == NOTES
        assert not seen  # rebuilt once


def test_the_command_line_shows_the_rebuild(
    earlier_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--library", str(earlier_library), "search", "harbour"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and f"{NOTES} result(s)" in out
    assert f"{REBUILDING}: {NOTES}/{NOTES}" in err  # a line per pass off a terminal
    code = main(["--library", str(earlier_library), "search", "pilots"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and f"{NOTES} result(s)" in out
    assert REBUILDING not in err
    code = main(["--library", str(earlier_library), "--quiet", "search", "pilots"])
    assert code == EXIT_OK and capsys.readouterr().err == ""


def test_the_window_shows_the_rebuild_in_its_status_bar(  # type: ignore[no-untyped-def]
    qtbot, earlier_library: Path, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from briefing_reader.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(earlier_library, settings)
    qtbot.addWidget(window)
    shown: list[tuple[int, int, str, bool]] = []

    def status(progress: Progress) -> None:  # heard after the window's own slot
        label = window.job_label
        shown.append((progress.done, progress.total, label.text(), label.isVisible()))

    window.reader.progress.connect(status)
    with qtbot.waitSignals([window.ready, window.searchReady], timeout=20_000):
        window.show()
    assert shown[0] == (1, NOTES, f"Search — {REBUILDING.capitalize()}", True)
    assert shown[-1][:2] == (NOTES, NOTES)
    assert window.progress.isHidden() and window.job_label.isHidden()
    assert window.last_results is not None and window.last_results.total == NOTES


def test_a_reanalysis_reports_the_rebuild_before_its_own_work(earlier_library: Path) -> None:
    from briefing_reader.app.analysing import reanalyse

    seen: list[Progress] = []
    with Library.open(earlier_library) as library:
        first = library.store.all_ids()[:1]
        reanalyse(library, first, progress=seen.append)
    rebuild = [p for p in seen if p.phase == REBUILDING]
    assert [(p.done, p.total) for p in rebuild] == [(done, NOTES) for done in range(1, NOTES + 1)]
    assert seen.index(rebuild[-1]) < min(i for i, p in enumerate(seen) if p.phase != REBUILDING)
