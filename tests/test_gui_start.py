"""What the window's start path leaves out, and that leaving it out changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QStringListModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListView, QListWidget, QListWidgetItem

from briefing_reader.gui.pyside_modules import PACKAGE, module_names
from briefing_reader.gui.richtext import HTML_ROLE, RichTextDelegate, esc, viewport_width

ROOT = Path(__file__).resolve().parents[1] / PACKAGE


def _run(script: str, **env: str) -> str:
    """``script`` in a fresh interpreter (offscreen); its standard output."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_module_names_cover_the_package_and_nothing_else() -> None:
    names = set(module_names(ROOT))
    assert {PACKAGE, f"{PACKAGE}.gui.main_window", f"{PACKAGE}.core.search.results"} <= names
    assert len(names) == sum(1 for _ in ROOT.rglob("*.py") if "models" not in _.parts)
    assert not any(".models" in name or "__pycache__" in name for name in names)


def test_app_modules_are_recorded_as_pysides_hook_would() -> None:
    """0 (uses PySide6, no feature) for the window's package, -1 for the rest: the hook's
    own answer for every module outside gui/, whose sources never mention PySide6."""
    script = (
        "import json\n"
        "import PySide6.QtWidgets\n"
        "import briefing_reader.gui.app\n"
        "from briefing_reader.gui.pyside_modules import feature_table\n"
        "print(json.dumps(feature_table()))\n"
    )
    table = json.loads(_run(script).splitlines()[-1])
    assert table is not None, "this PySide6 keeps no table of the modules it has looked at"
    for name in module_names(ROOT):
        expected = 0 if name.startswith(f"{PACKAGE}.gui") else -1
        assert table.get(name) == expected, name
        if expected == -1:
            path = ROOT.joinpath(*name.split(".")[1:])
            source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
            assert "PySide6" not in source.read_text(encoding="utf-8"), name


#: Standard modules the window imports after its first module, on either thread.
STANDARD_MODULES = ("sqlite3", "dataclasses", "html", "datetime", "unicodedata")


def test_standard_modules_are_recorded_as_pysides_hook_would() -> None:
    """Recorded before they are imported (so never read), with the hook's own answer."""
    hook = (
        "import json\n"
        "import PySide6.QtWidgets\n"
        f"import {', '.join(STANDARD_MODULES)}\n"
        "from briefing_reader.gui.pyside_modules import feature_table\n"
        "print(json.dumps(feature_table()))\n"
    )
    recorded = (
        "import json, sys\n"
        "import PySide6.QtWidgets\n"
        "import briefing_reader.gui.app\n"
        "from briefing_reader.gui.pyside_modules import feature_table\n"
        "table = feature_table()\n"
        f"print(json.dumps({{n: table.get(n) for n in {STANDARD_MODULES!r}}}))\n"
        f"print(json.dumps([n for n in {STANDARD_MODULES!r} if n in sys.modules]))\n"
    )
    answers = json.loads(_run(hook).splitlines()[-1])
    ours, imported = map(json.loads, _run(recorded).splitlines()[-2:])
    assert imported == []
    assert {name: answers[name] for name in STANDARD_MODULES} == ours
    assert set(ours.values()) == {-1}


def test_the_window_modules_are_not_read_as_source_when_imported() -> None:
    """PySide6's import hook reads a module's source unless the module is recorded."""
    script = (
        "import linecache\n"
        "import PySide6.QtWidgets\n"
        "import briefing_reader.gui.app\n"
        "import briefing_reader.gui.main_window\n"
        "print('READ', sorted(p.rsplit('/', 1)[-1] for p in linecache.cache if 'gui' in p))\n"
    )
    # Only those imported before the record was made: the package, app.py and this module.
    read = _run(script).split("READ", 1)[1].strip()
    assert "main_window.py" not in read and "search_pane.py" not in read, read


@pytest.mark.parametrize(
    "text",
    ["", "plain", "a < b && c > d", "&amp; stays &amp;amp;", "<b>'quoted' \"too\"</b>", "😀 &lt;"],
)
def test_rows_escape_as_the_html_module_does(text: str) -> None:
    """The rows escape without the ``html`` module, and exactly as it would (quotes kept)."""
    import html

    assert esc(text) == html.escape(text, quote=False)
    assert esc(None) == ""


@pytest.mark.parametrize("rows", [2, 200])
def test_viewport_width_is_the_viewports(qtbot, rows: int) -> None:  # type: ignore[no-untyped-def]
    """With and without the vertical scroll bar showing."""
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel([f"row {n}" for n in range(rows)], view))
    view.resize(300, 200)
    view.show()
    QApplication.processEvents()
    assert view.verticalScrollBar().isVisible() == (rows == 200)
    assert viewport_width(view) == view.viewport().width()
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    QApplication.processEvents()
    assert viewport_width(view) == view.viewport().width()


class _StyleDrawnDelegate(RichTextDelegate):
    """The rows as they were drawn through QStyle from Python: the reference."""

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QStyle

        self.initStyleOption(option, index)
        style = option.widget.style()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            option.state &= ~QStyle.StateFlag.State_Selected
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if selected:
            tint = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(60)
            painter.fillRect(option.rect, tint)
            bar = QRect(option.rect.left(), option.rect.top(), 3, option.rect.height())
            painter.fillRect(bar, option.palette.color(QPalette.ColorRole.Highlight))
        self._draw_html(painter, option, index)


@pytest.mark.parametrize("dark", [False, True])
def test_rows_look_as_when_drawn_through_qstyle(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    """Rows drawn by the base class with a selection that fills nothing, then tinted, are
    pixel for pixel the rows drawn through QStyle with the selection taken out: plain,
    alternate, selected, and selected with the keyboard focus frame."""
    from briefing_reader.gui.theme import apply_theme

    apply_theme(QApplication.instance(), dark=dark)  # type: ignore[arg-type]
    rows = [
        f"<b>Title {n}</b><br><span style='color:#888'>Source · 1 Dec 2024</span>" for n in range(6)
    ]
    images = []
    for delegate_type in (RichTextDelegate, _StyleDrawnDelegate):
        view = QListWidget()
        qtbot.addWidget(view)
        view.setItemDelegate(delegate_type(view))
        view.setAlternatingRowColors(True)
        for markup in rows:
            item = QListWidgetItem("plain title")
            item.setData(HTML_ROLE, markup)
            view.addItem(item)
        view.resize(320, 400)
        view.show()
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Down)  # the keyboard focus frame on a selected row
        view.setCurrentRow(2)
        QApplication.processEvents()
        images.append(view.grab().toImage())
    assert images[0].size() == images[1].size()
    assert images[0] == images[1]
    apply_theme(QApplication.instance(), dark=False)  # type: ignore[arg-type]


def test_the_application_starts_with_fusion_whatever_the_environment_asks() -> None:
    script = (
        "from briefing_reader.gui.app import application\n"
        "from briefing_reader.gui.theme import apply_theme\n"
        "app = application()\n"
        "apply_theme(app, dark=True)\n"
        "print('STYLE', app.style().name())\n"
    )
    assert "STYLE fusion" in _run(script, QT_STYLE_OVERRIDE="windows")


@pytest.fixture(scope="module")
def thirty_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of 30 short dated documents, not analysed."""
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library

    folder = tmp_path_factory.mktemp("thirty")
    for n in range(30):
        text = f"Report {n:02d}\n\nDated 2024-05-{n % 28 + 1:02d}. The committee met on item {n}."
        (folder / f"report-{n:02d}.txt").write_text(text, encoding="utf-8")
    library = folder / "library"
    with Library.open(library) as lib:
        import_paths(lib, [folder], analyse=False)
    return library


def test_the_first_screen_lists_a_screenful_and_the_page_fills_in_place(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, thirty_documents: Path
) -> None:
    """The first listing lays out FIRST_PAGE rows; the rest of the page arrives with the
    facets, after the rows shown, which stay as they are with the selection the reader
    made meanwhile."""
    import shutil

    from PySide6.QtCore import QSettings

    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.results_model import FIRST_PAGE

    library = tmp_path / "library"
    shutil.copytree(thirty_documents, library)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.show()
    pane = window.search_pane
    assert pane.model.rowCount() == FIRST_PAGE < 30
    first = list(pane.model.hits)
    pane.results.setCurrentIndex(pane.model.index(3))
    qtbot.waitUntil(lambda: window.search_loaded, timeout=20_000)
    assert pane.model.rowCount() == 30 and pane.model.total == 30
    assert pane.model.hits[:FIRST_PAGE] == first
    assert pane.results.currentIndex().row() == 3
    assert [h.id for h in pane.model.hits] == [h.id for h in window.last_results.hits]


def test_the_find_bar_and_notice_wait_for_their_first_use_and_take_their_places(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, analysed_seed_library: Path
) -> None:
    """The first screen builds neither; each is built where the pane always had it: the
    notice under the legend, the find bar over the text."""
    import shutil

    from PySide6.QtCore import QSettings

    from briefing_reader.gui.find_bar import FindBar
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.reader_pane import AnalysisNotice

    library = tmp_path / "library"
    shutil.copytree(analysed_seed_library, library)
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.show()
    pane = window.reader_pane
    assert not window.findChildren(FindBar) and not window.findChildren(AnalysisNotice)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible() and len(window.findChildren(FindBar)) == 1
    notice = pane.notice
    assert not notice.isVisible()
    layout = pane.layout()
    order = [layout.itemAt(n).widget() for n in range(layout.count())]
    assert order == [pane.legend, notice, pane.find_bar, pane.view]
