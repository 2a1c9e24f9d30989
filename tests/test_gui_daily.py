"""The window as a daily driver: it fits the screen, keeps drafts and the reading
position, tells highlights from entities, renames documents and stays in step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog

from briefing_reader.app.reading import Reading
from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.core.entity_store import ResolvedMention
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.gui.main_window import MainWindow
from briefing_reader.gui.reading_document import title_place
from briefing_reader.gui.reading_view import ReadingView
from briefing_reader.gui.theme import DARK, LIGHT, apply_theme
from tests.test_gui import (
    TIMEOUT,
    _inks_at,
    _make_window,
    _open_first,
    _search,
    _select,
)


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _ids(folder: Path) -> list[int]:
    with Library.open(folder) as library:
        return [d.id for d in library.store.list("published")]


def _open(qtbot, window: MainWindow, doc_id: int) -> Reading:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT):
        window.reading_ctl.open_document(doc_id)
    assert window.reading is not None
    return window.reading


def _every_label_reading() -> Reading:
    """A document naming one thing of every entity label (the widest legend there is)."""
    words = [f"Thing{n}" for n in range(len(LABELS))]
    text = "Title line\n\n" + " and ".join(words) + " were all mentioned."
    mentions = []
    for word, label in zip(words, LABELS, strict=True):
        start = text.index(word)
        mentions.append(ResolvedMention(start, start + len(word), word, label, word))
    doc = Document(id=999, content_hash="x", title="Every label", text=text, source="Test")
    return Reading(document=doc, mentions=mentions, analysed=True)


def test_window_opens_within_the_screen_and_never_widens(
    qtbot, seeded_library: Library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _make_window(qtbot, seeded_library.folder, tmp_path)
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= screen.width()
    assert window.frameGeometry().height() <= screen.height()
    window.resize(min(1024, screen.width()), min(700, screen.height()))
    qtbot.waitUntil(lambda: window.width() <= 1024, timeout=TIMEOUT)
    start_width = window.width()
    for doc_id in _ids(seeded_library.folder) * 3:
        _open(qtbot, window, doc_id)
        QApplication.processEvents()
        assert window.width() <= start_width
    window.reader_pane.show_reading(_every_label_reading())
    QApplication.processEvents()
    assert window.width() <= start_width
    assert window.minimumSizeHint().width() <= start_width
    legend = window.reader_pane.legend
    assert len(legend.buttons) == len(LABELS)
    for button in legend.buttons.values():  # every chip whole: wrapped, not cut
        assert button.width() >= button.sizeHint().width()
        assert button.geometry().right() <= legend.width()


def test_a_typed_note_survives_switching_and_a_restart(
    qtbot, seeded_library: Library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _make_window(qtbot, seeded_library.folder, tmp_path)
    first, second = _ids(seeded_library.folder)
    reading = _open(qtbot, window, first)
    window.notes_ctl.highlight(0, 20, "yellow", with_note=True)
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.current() is not None and panel.note.hasFocus(), timeout=TIMEOUT)
    qtbot.keyClicks(panel.note, "Check the date")
    _open(qtbot, window, second)  # switched before the draft timer fired
    _open(qtbot, window, first)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=TIMEOUT)
    panel.list.setCurrentRow(0)
    # saved on switching; shown at once even if that save is still being written
    assert panel.note.toPlainText() == "Check the date"
    panel.note.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(panel.note, ", twice")
    window.close()  # quitting keeps the draft too
    with Library.open(seeded_library.folder) as library:
        (saved,) = library.annotations.for_document(reading.document.id)
        assert saved.note == "Check the date, twice"
    again = _make_window(qtbot, seeded_library.folder, tmp_path)
    qtbot.waitUntil(lambda: again.notes_panel.list.count() == 1, timeout=TIMEOUT)
    again.notes_panel.list.setCurrentRow(0)
    assert again.notes_panel.note.toPlainText() == "Check the date, twice"
    assert again.undo_action.text() == "&Undo edit note"  # typing made one undo step


def test_the_reading_position_holds_through_highlight_theme_and_restart(
    qtbot, seeded_library: Library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _make_window(qtbot, seeded_library.folder, tmp_path)
    window.resize(780, 700)  # within the offscreen screen, so a restart keeps the size
    reading = _open(qtbot, window, _ids(seeded_library.folder)[0])
    view = window.reader_pane.view
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    assert where > 0
    top = view.top_offset()
    assert top is not None
    cursor = view.cursorForPosition(view.viewport().rect().center())
    start = view.to_core(cursor.position())
    assert start is not None
    _select(view, start, start + 10)  # a passage on screen: selecting it does not scroll
    assert bar.value() == where
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(view.reading and view.reading.annotations), timeout=TIMEOUT)
    assert window.reading is reading and bar.value() == where
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=TIMEOUT)
    panel.list.setCurrentRow(0)
    panel.note.setPlainText("Theme-proof")
    window.toggle_theme()
    assert bar.value() == where
    assert panel.current() is not None and panel.note.toPlainText() == "Theme-proof"
    window.toggle_theme()
    assert bar.value() == where
    window.close()
    again = _make_window(qtbot, seeded_library.folder, tmp_path)
    qtbot.waitUntil(lambda: again.reading is not None, timeout=TIMEOUT)
    QApplication.processEvents()
    assert again.reader_pane.view.top_offset() == top
    apply_theme(QApplication.instance(), dark=False)  # type: ignore[arg-type]


def test_highlights_cannot_be_taken_for_entities_in_either_theme(qtbot) -> None:  # type: ignore[no-untyped-def]
    reading = _every_label_reading()
    mention = reading.mentions[0]
    from briefing_reader.core.annotation_store import Annotation

    note = Annotation(
        id=1,
        uid="u1",
        document_id=999,
        start=mention.start - 2,
        end=mention.end + 2,
        exact="x",
        prefix="",
        suffix="",
        content_hash="x",
        color="green",
        note="",
        tags=[],
        orphaned=False,
        anchor_method="position",
        anchor_confidence=1.0,
        created_at="",
        updated_at="",
    )
    reading.annotations = [note]
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    for colors in (LIGHT, DARK):
        view.set_colors(colors)
        fills = {QColor(colors.label(name)).name() for name in LABELS} | {
            QColor(colors.term).name()
        }
        for ink in colors.notes.values():
            assert QColor(ink).name() not in fills
        view.show_reading(reading)
        position = view.to_qt(mention.start)
        block = view.document().findBlock(position)
        inside = position - block.position()
        backgrounds = [
            r.format.background().color().name()
            for r in block.layout().formats()
            if r.start <= inside < r.start + r.length
        ]
        assert backgrounds == [QColor(colors.label(mention.label)).name()]  # the entity shows
        assert _inks_at(view, mention.start) == [QColor(colors.note_ink("green"))]
        image = view.viewport().grab().toImage()
        band = view.note_bands()[0][0]
        drawn = image.pixelColor(int(band.center().x()), int(band.center().y()))
        assert drawn.name() == QColor(colors.note_ink("green")).name()


def test_a_title_taken_from_the_text_is_shown_once() -> None:
    assert title_place("UK Coal plunges", "UK Coal plunges\n\nShares fell.") == "first line"
    assert title_place("Shares in UK Coal have…", "Shares in UK Coal have fallen a lot.") == "none"
    dated = "Washington [US], July 30: The US has just strengthened ties with Japan."
    assert title_place("The US has just strengthened…", dated) == "none"
    assert title_place("Own title", "Shares fell.") == "own"


def test_f2_renames_the_chosen_result_and_the_heading(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Alliance notes", True))
    window.search_pane.results.setFocus()
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        qtbot.keyClick(window.search_pane.results, Qt.Key.Key_F2)
    qtbot.waitUntil(
        lambda: window.reading is not None and window.reading.document.title == "Alliance notes",
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(
        lambda: window.search_pane.title_of(reading.document.id) == "Alliance notes",
        timeout=TIMEOUT,
    )
    assert "Alliance notes" in window.windowTitle()
    assert "Renamed" in window.statusBar().currentMessage()


def test_jumping_to_a_note_in_another_document_selects_its_result(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    first, second = (hit.id for hit in window.search_pane.model.hits[:2])
    _open(qtbot, window, first)
    window.notes_ctl.highlight(0, 12, "blue")
    qtbot.waitUntil(lambda: window.notes_panel.list.count() == 1, timeout=TIMEOUT)
    _open(qtbot, window, second)
    window.notes_panel.scope.setCurrentIndex(window.notes_panel.scope.findData("all"))
    qtbot.waitUntil(lambda: window.notes_panel.list.count() == 1, timeout=TIMEOUT)
    assert window.search_pane.current_id() == second
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT):
        window.notes_panel._activate(window.notes_panel.list.item(0))
    assert window.reading is not None and window.reading.document.id == first
    assert window.search_pane.current_id() == first


def test_first_start_says_what_it_does(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SEEDS

    window = MainWindow(tmp_path / "new-library", _settings(tmp_path), seeds=SEEDS)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.show()
    pane = window.search_pane
    assert "missing" not in pane.status.text()
    assert "empty" not in pane.empty.text().lower() and "sample" in pane.empty.text().lower()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=60_000)
    assert "Sample articles imported" in window.statusBar().currentMessage()


def test_remove_document_asks_then_drops_it_from_the_listing(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    reading = _open_first(qtbot, window)
    doc_id = reading.document.id
    count = len(window.search_pane.model.hits)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: next(answers))
    action = next(a for a in window.findChildren(QAction) if a.text() == "Re&move Document…")
    action.trigger()  # cancelled: nothing happens
    assert window.reading is not None and window.reading.document.id == doc_id
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        action.trigger()
    qtbot.waitUntil(lambda: len(window.search_pane.model.hits) == count - 1, timeout=TIMEOUT)
    assert doc_id not in {hit.id for hit in window.search_pane.model.hits}
    assert window.reading is None or window.reading.document.id != doc_id
    assert "Removed" in window.statusBar().currentMessage()
