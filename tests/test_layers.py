"""The core and app layers, and the CLI, never load Qt."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing_reader"
QT_MODULES = ("PySide6", "shiboken6", "briefing_reader.gui")
#: The one module outside gui/ allowed to load it: it starts the window.
GUI_GATE = Path("launcher.py")


def _imports(path: Path, runtime_only: bool = False) -> set[str]:
    """Modules ``path`` imports; ``runtime_only`` leaves out those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                typing_only.update(id(child) for child in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_imports_outside_gui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "gui" in relative.parts or relative == GUI_GATE:
            continue
        for name in _imports(path):
            if name.startswith(QT_MODULES):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_cli_search_and_import_load_no_qt(tmp_path: Path) -> None:
    """Run real operations in a fresh interpreter and check which modules got loaded."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing_reader.cli import main\n"
        f"main(['--library', {str(tmp_path / 'lib')!r}, 'import', {str(PACKAGE.parent / 'seeds')!r}])\n"
        f"main(['--library', {str(tmp_path / 'lib')!r}, 'search', 'osprey', '--json'])\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'briefing_reader.gui'))]\n"
        "print('QT:', loaded, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "QT: []" in proc.stderr


def test_opening_and_searching_never_load_spacy(tmp_path: Path) -> None:
    """spaCy loads for import and re-analysis only; list, show and search stay light."""
    lib = str(tmp_path / "lib")
    setup = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing_reader",
            "--library",
            lib,
            "import",
            str(PACKAGE.parent / "seeds"),
        ],
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr
    script = (
        "import sys\n"
        "from briefing_reader.cli import main\n"
        f"for args in (['list'], ['show', '1', '--json'], ['search', 'person:austin', '--json'],\n"
        f"             ['entities', '--json']):\n"
        f"    assert main(['--library', {lib!r}, *args]) == 0\n"
        "print('SPACY:', [m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')],\n"
        "      file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "SPACY: []" in proc.stderr


#: What the window's first listing must not wait for: the NLP stack, the search engine and
#: its matching, file readers, Markdown and dates, the stores and rules built on them, and
#: the data types it does not show (eleven dataclasses, about 10 ms to create).
#: The listing comes from the database alone; these load after it is on screen.
NOT_BEFORE_THE_FIRST_LISTING = (
    "spacy",
    "thinc",
    "numpy",
    "trafilatura",
    "lxml",
    "pypdf",
    "docx",
    "whoosh",
    "rapidfuzz",
    "dateparser",
    "markdown",
    "frontmatter",
    "yaml",
    "html",  # (its table of named characters: the rows escape three characters themselves)
    "briefing_reader.core.model",
    "briefing_reader.core.library",
    "briefing_reader.core.search.searcher",
    "briefing_reader.core.search.index",
    "briefing_reader.core.entity_store",
    "briefing_reader.core.claim_store",
    "briefing_reader.core.annotation_store",
    "briefing_reader.core.anchoring",
    "briefing_reader.core.analysis.claims",
    "briefing_reader.core.metadata",
    "briefing_reader.core.dates",
    "briefing_reader.app.searching",
    "briefing_reader.app.reading",
    "briefing_reader.gui.dialogs",
    "briefing_reader.gui.export_dialog",
    "briefing_reader.gui.entities_panel",
    "briefing_reader.gui.highlighter",
)


@pytest.mark.parametrize("documents", ["empty", "seeded"])
def test_the_first_listing_loads_nothing_it_does_not_show(
    documents: str, tmp_path: Path, analysed_seed_library: Path
) -> None:
    """The window's start path, as a design rule: from a fresh interpreter to the first
    listing on screen, none of the heavy modules is imported (by either thread), no
    viewport is asked for (PySide resolves its type by initialising every QWidget subclass),
    and the garbage collector does not run; then it collects as usual again."""
    lib = tmp_path / "lib"
    if documents == "seeded":
        shutil.copytree(analysed_seed_library, lib)
    script = (
        "import sys, traceback\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from PySide6.QtWidgets import QAbstractScrollArea\n"
        "asked = []\n"  # the first viewport() from Python costs 10-15 ms: none before it shows
        "viewport = QAbstractScrollArea.viewport\n"
        "def counted(self):\n"
        "    asked.append(traceback.format_stack(limit=3)[0])\n"
        "    return viewport(self)\n"
        "QAbstractScrollArea.viewport = counted\n"
        "import gc\n"  # the collector waits for the first listing (see gui.collector)
        "usual = gc.get_threshold()\n"
        "collected = []\n"  # from the window's first module until the start's objects freeze
        "def during_start(phase, info):\n"
        "    collected.append(phase == 'stop' and gc.get_freeze_count() == 0)\n"
        "from briefing_reader.gui.app import application\n"
        "gc.callbacks.append(during_start)\n"
        "from briefing_reader.gui.main_window import MainWindow\n"
        "app = application()\n"
        f"lib = Path({str(lib)!r})\n"
        "settings = QSettings(str(lib.parent / 's.ini'), QSettings.Format.IniFormat)\n"
        "window = MainWindow(lib, settings)\n"
        "loaded = []\n"
        "def ready():\n"
        "    window.repaint()\n"
        "    app.processEvents()\n"
        "    loaded.extend(sys.modules)\n"
        "    print('COLLECTED', sum(collected), gc.get_threshold() == usual, gc.get_freeze_count() > 0)\n"
        "    app.quit()\n"
        "window.ready.connect(ready)\n"
        "QTimer.singleShot(20000, app.quit)\n"
        "window.show()\n"
        "app.exec()\n"
        "listed = window.search_pane.model.rowCount()\n"
        "window.close()\n"
        f"heavy = sorted(m for m in loaded if m.startswith({NOT_BEFORE_THE_FIRST_LISTING!r}))\n"
        "print('LISTED', listed, heavy, 'ASKED', asked)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    listed = 0 if documents == "empty" else 2
    assert f"LISTED {listed} [] ASKED []" in proc.stdout, proc.stdout + proc.stderr
    assert "COLLECTED 0 True True" in proc.stdout, proc.stdout


def test_the_window_reaches_the_library_only_through_the_app_layer() -> None:
    storage = (
        "briefing_reader.core.library",
        "briefing_reader.core.store",
        "briefing_reader.core.entity_store",
        "briefing_reader.core.claim_store",
        "briefing_reader.core.annotation_store",
        "briefing_reader.core.search",
    )
    offenders = {
        f"{path.name}: {name}"
        for path in (PACKAGE / "gui").glob("*.py")
        for name in _imports(path, runtime_only=True)
        if name.startswith(storage)
    }
    assert not offenders


def test_no_window_module_grows_past_400_lines() -> None:
    sizes = {
        path.name: len(path.read_text().splitlines()) for path in (PACKAGE / "gui").glob("*.py")
    }
    assert max(sizes.values()) <= 420, sorted(sizes.items(), key=lambda item: -item[1])[:3]
