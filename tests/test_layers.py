"""The core and app layers, and the CLI, never load Qt."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

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


def test_the_window_starts_without_spacy(tmp_path: Path) -> None:
    """Opening the window on a library never loads the NLP stack (it costs seconds)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from briefing_reader.gui.app import application\n"
        "from briefing_reader.gui.main_window import MainWindow\n"
        "app = application()\n"
        f"lib = Path({str(tmp_path / 'lib')!r})\n"
        "settings = QSettings(str(lib.parent / 's.ini'), QSettings.Format.IniFormat)\n"
        "window = MainWindow(lib, settings)\n"
        "window.ready.connect(app.quit)\n"
        "QTimer.singleShot(20000, app.quit)\n"
        "window.show()\n"
        "app.exec()\n"
        "window.close()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'trafilatura')]\n"
        "print('READY' if window.last_results is not None else 'NOT READY', heavy)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "READY []" in proc.stdout, proc.stdout + proc.stderr


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
