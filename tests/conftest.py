"""Shared fixtures. Every test gets its own temporary library; nothing touches the user's."""

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# GUI tests render offscreen; set before anything can import Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_YOMIURI = SEEDS / "000_fbe3ab94d1539b22.txt"
SEED_THANH_NIEN = SEEDS / "004_38e00efcb30f302b.txt"


@pytest.fixture(autouse=True)
def _isolated_library_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the default library at a temporary folder so no test writes to $HOME."""
    monkeypatch.setenv("BRIEFING_READER_LIBRARY", str(tmp_path / "default-library"))


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(library_dir: Path) -> Iterator[object]:
    from briefing_reader.core.library import Library

    lib = Library.open(library_dir)
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture
def seed_folder(tmp_path: Path) -> Path:
    """A writable copy of the sample articles."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def analysed_seed_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles imported with full analysis, once per test run."""
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library

    folder = tmp_path_factory.mktemp("analysed") / "library"
    with Library.open(folder) as lib:
        result = import_paths(lib, [SEEDS])
        assert len(result.analysed) == 2
    return folder


@pytest.fixture
def seeded_library(analysed_seed_library: Path, tmp_path: Path) -> Iterator[object]:
    """A private copy of the analysed sample library, free to change."""
    from briefing_reader.core.library import Library

    copy = tmp_path / "seeded-library"
    shutil.copytree(analysed_seed_library, copy)
    with Library.open(copy) as library:
        yield library


TRUMP = (
    "President Donald Trump met Mike Pence at the White House. Mr. Trump said the talks "
    "went well. Trump will travel to Ohio."
)
HILLARY = "Hillary Clinton spoke in Iowa. Mrs. Clinton said the campaign would go on."
BILL = "Bill Clinton opened a library in Arkansas. Mr. Clinton said he was proud."


def write_note(folder: Path, name: str, body: str) -> Path:
    """A file whose title names nobody, with a reference number that keeps copies apart."""
    path = folder / f"{name}.txt"
    reference = zlib.crc32(name.encode())
    path.write_text(f"A briefing note\n\n{body}\n\nReference {reference}.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def identity_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Notes naming Donald Trump, Hillary and Bill Clinton in full, and short ones that
    name them by surname only: the library must decide who those are."""
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library

    folder = tmp_path_factory.mktemp("identity")
    texts = folder / "texts"
    texts.mkdir()
    for i in range(12):
        write_note(texts, f"trump-{i:02d}", TRUMP)
    for i in range(3):
        write_note(texts, f"hillary-{i}", HILLARY)
        write_note(texts, f"bill-{i}", BILL)
    write_note(texts, "short-trump", "Trump said the White House would act, and Pence agreed.")
    write_note(texts, "short-mrs-clinton", "Mrs. Clinton said in Iowa that she would run again.")
    write_note(texts, "short-clinton", "Clinton spoke briefly and left the room.")
    library_dir = folder / "library"
    with Library.open(library_dir) as library:
        result = import_paths(library, [texts])
        assert len(result.analysed) == 21 and not result.failed
    return library_dir


@pytest.fixture
def window(qtbot, seeded_library: object, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on a private copy of the analysed samples, shown and listing."""
    from PySide6.QtWidgets import QApplication

    from briefing_reader.gui.theme import apply_theme
    from tests.test_gui import _make_window

    win = _make_window(qtbot, seeded_library.folder, tmp_path)  # type: ignore[attr-defined]
    yield win
    apply_theme(QApplication.instance(), dark=False)  # type: ignore[arg-type]
