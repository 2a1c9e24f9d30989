"""``briefing-reader``: the window without a command, the CLI with one; files and links
given alone open the window on them; a window that cannot start says why in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_reader import launcher
from briefing_reader.window_check import SETUP_APT_LINE, window_problem

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Calls of the window's ``run`` (replaced: no window opens)."""
    import briefing_reader.gui.app as gui_app

    calls: list[tuple[object, ...]] = []

    def run(library, import_now, open_urls=None):  # type: ignore[no-untyped-def]
        calls.append((library, import_now, open_urls))
        return 0

    monkeypatch.setattr(gui_app, "run", run)
    return calls


def test_no_command_opens_the_window(opened: list, tmp_path: Path) -> None:
    assert launcher.main([]) == 0
    assert launcher.main(["--library", str(tmp_path)]) == 0
    assert opened == [(None, [], None), (tmp_path, [], None)]


def test_files_alone_open_the_window_and_import_them(opened: list, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said the talks went well.")
    assert launcher.main([str(article)]) == 0
    assert opened == [(None, [article], None)]


def test_links_go_to_the_window(opened: list, tmp_path: Path) -> None:
    article = tmp_path / "a b.txt"
    article.write_text("Officials said the talks went well.")
    link = "briefing-reader://doc/12#annotation=5f0c"
    file_url = "file://" + str(article).replace(" ", "%20")
    assert launcher.main(["--library", str(tmp_path), link, file_url]) == 0
    assert opened == [(tmp_path, [article], [link])]


def test_missing_paths_and_other_links_are_named(
    opened: list, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.pdf"
    assert launcher.main([str(missing)]) == 2
    assert capsys.readouterr().err == f"briefing-reader: error: no such file or folder: {missing}\n"
    assert launcher.main(["https://example.org/a.html"]) == 2
    assert "only files, folders and briefing-reader:// links" in capsys.readouterr().err
    assert launcher.main(["serch", "osprey"]) == 2
    assert "did you mean 'search'?" in capsys.readouterr().err
    assert launcher.main(["--json"]) == 2
    assert "go with a command" in capsys.readouterr().err
    assert opened == []


def test_a_command_runs_the_cli(
    opened: list, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launcher.main(["--library", str(tmp_path / "lib"), "list"]) == 0
    assert "library is empty" in capsys.readouterr().out
    assert opened == []


def test_import_of_a_missing_path_names_it(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert launcher.main(["--library", str(tmp_path / "lib"), "import", str(missing)]) == 3
    assert f"failed: {missing}: " in capsys.readouterr().err


def test_no_display_is_one_line_before_qt_loads(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["BRIEFING_READER_LIBRARY"] = str(tmp_path / "lib")
    probe = (
        "import sys; from briefing_reader.launcher import main; code = main([]); "
        "sys.stderr.write(f'qt={\"PySide6.QtWidgets\" in sys.modules}\\n'); sys.exit(code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    message, qt = proc.stderr.splitlines()
    assert message.startswith("briefing-reader: error: no display to open the window on")
    assert "neither DISPLAY nor WAYLAND_DISPLAY is set" in message
    assert qt == "qt=False"


def test_missing_libraries_are_named_with_the_apt_line() -> None:
    def load(soname: str) -> None:
        if soname in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0"):
            raise OSError(f"{soname}: cannot open shared object file")

    problem = window_problem({"DISPLAY": ":0"}, load=load, can_connect=lambda display: True)
    assert problem is not None and "\n" not in problem
    assert "(libxkbcommon-x11.so.0, libxcb-cursor.so.0)" in problem
    assert problem.endswith("sudo apt install libxcb-cursor0 libxkbcommon-x11-0")
    # headless platforms need no X libraries; a display that does not answer is named
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, load=load) is None
    assert "cannot connect to the display ':5'" in (
        window_problem({"DISPLAY": ":5"}, load=lambda s: None, can_connect=lambda d: False) or ""
    )
    assert window_problem({"WAYLAND_DISPLAY": "wayland-0"}, load=load) is None
    assert "libxcb-cursor0" in SETUP_APT_LINE
    assert SETUP_APT_LINE in (ROOT / "README.md").read_text()


def test_a_display_that_does_not_answer_is_found_by_connecting(tmp_path: Path) -> None:
    assert window_problem({"DISPLAY": ":97"}, load=lambda s: None) is not None
