"""``briefing-reader``: the window without a command, the CLI with one."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_reader import launcher


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    import briefing_reader.gui.app as gui_app

    calls: list[tuple[object, object]] = []
    monkeypatch.setattr(gui_app, "run", lambda library, files: calls.append((library, files)) or 0)
    return calls


def test_no_command_opens_the_window(opened: list, tmp_path: Path) -> None:
    assert launcher.main([]) == 0
    assert launcher.main(["--library", str(tmp_path)]) == 0
    assert opened == [(None, []), (tmp_path, [])]


def test_files_alone_open_the_window_and_import_them(opened: list, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said the talks went well.")
    assert launcher.main([str(article)]) == 0
    assert opened == [(None, [article])]


def test_a_command_runs_the_cli(
    opened: list, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launcher.main(["--library", str(tmp_path / "lib"), "list"]) == 0
    assert "library is empty" in capsys.readouterr().out
    assert opened == []
