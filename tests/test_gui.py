"""The desktop window, offscreen: search, reading, panels, corrections, import, themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QWidget

from briefing_reader.app.reading import Reading
from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.core.entity_store import ResolvedMention
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.gui.main_window import MainWindow
from briefing_reader.gui.reading_view import ReadingView
from briefing_reader.gui.richtext import HTML_ROLE
from briefing_reader.gui.theme import LIGHT

TIMEOUT = 20_000


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _make_window(qtbot, folder: Path, tmp_path: Path, seeds: Path | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(folder, _settings(tmp_path), seeds=seeds)
    qtbot.addWidget(window)
    with qtbot.waitSignals([window.ready, window.searchReady], timeout=TIMEOUT):
        window.show()
    return window


def _search(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search_pane.query.setFocus()
    window.search_pane.query.clear()
    qtbot.keyClicks(window.search_pane.query, text)
    qtbot.waitUntil(
        lambda: window.last_results is not None and window.last_results.query == text,
        timeout=TIMEOUT,
    )


def _open_first(qtbot, window: MainWindow) -> Reading:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT):
        qtbot.keyClick(window.search_pane.query, Qt.Key.Key_Return)
    assert window.reading is not None
    return window.reading


def _formats_at(view: ReadingView, position: int) -> list[QColor]:
    """Background colours the highlighter gave the character at Qt ``position``."""
    block = view.document().findBlock(position)
    inside = position - block.position()
    return [
        r.format.background().color()
        for r in block.layout().formats()
        if r.start <= inside < r.start + r.length
        and r.format.background().style() != Qt.BrushStyle.NoBrush
    ]


def test_empty_query_lists_the_library_with_facets(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The listing shows at once (read from the database); its facets follow from the index,
    and the rows shown stay as they are, with the first one selected."""
    results = window.last_results
    assert results is not None and results.total == 2
    assert window.search_pane.model.rowCount() == 2
    shown = list(window.search_pane.model.hits)
    facets = window.search_pane.facets
    qtbot.waitUntil(lambda: facets.topLevelItemCount() > 0, timeout=TIMEOUT)
    facet_groups = [facets.topLevelItem(i).text(0) for i in range(facets.topLevelItemCount())]
    assert {"Sources", "Years", "People", "Places"} <= set(facet_groups)
    assert window.search_pane.model.hits == shown
    assert window.search_pane.results.currentIndex().row() == 0


def test_search_open_and_click_a_claim_scrolls_to_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    assert window.last_results is not None and window.last_results.total == 1
    reading = _open_first(qtbot, window)
    assert "ironclad" in reading.document.text
    view = window.reader_pane.view
    # the query word is highlighted in the text
    (start, end), *_ = reading.term_spans
    assert reading.document.text[start:end].lower() == "ironclad"
    assert QColor(LIGHT.term) in _formats_at(view, view.to_qt(start))
    # the side panel lists the claim; clicking it scrolls there and flashes it
    panel = window.claims_panel
    view.verticalScrollBar().setValue(0)
    row = next(i for i in range(panel.list.count()) if "ironclad" in panel.list.item(i).text())
    claim = next(c for c in reading.claims if "ironclad" in c.text)
    assert claim.kind == "quote" and claim.speaker == "Lloyd Austin"
    view.resize(800, 300)
    item = panel.list.item(row)
    panel.list.scrollToItem(item)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.flash_span == (claim.start, claim.end)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(claim.start))
    top = view.cursorRect(cursor).top()
    assert 0 <= top < view.viewport().height()
    assert view.verticalScrollBar().value() > 0


def test_claims_order_by_importance(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    panel = window.claims_panel
    panel.set_order("importance")
    best = max(reading.claims, key=lambda c: c.score)
    assert panel.list.item(0).text() == best.text
    assert "Importance" in panel.list.item(0).toolTip()


def test_key_claims_first_all_claims_one_click_away(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "Sato")
    reading = _open_first(qtbot, window)
    panel = window.claims_panel
    key = [c for c in reading.claims if c.key]
    assert 0 < panel.list.count() == len(key) <= 8
    assert panel.show_all.text() == f"All claims ({len(reading.claims)})"
    panel.show_all.click()
    assert panel.list.count() == len(reading.claims)
    running = next(c for c in reading.claims if c.inferred == "continuation")
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).text() == running.text)
    tip = panel.list.item(row).toolTip()
    assert "Speaker inferred" in tip and "Professor Yoichiro Sato" in tip  # he named, not "him"
    assert "inferred" in panel.list.item(row).data(HTML_ROLE)


def test_correcting_and_hiding_a_claim_from_the_panel(
    qtbot, window: MainWindow, seeded_library: Library
) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "Sato")
    reading = _open_first(qtbot, window)
    panel = window.claims_panel
    lead = reading.claims[0]
    menu = panel.correction_menu(lead)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Change Speaker…",
        "Kind",
        "Hide Claim",
    ]
    with qtbot.waitSignal(window.jobs.ended, timeout=TIMEOUT):
        panel.correctionRequested.emit(lead.start, "speaker", "Yoichiro Sato")
    qtbot.waitUntil(lambda: panel.claims[0].corrected, timeout=TIMEOUT)
    assert (panel.claims[0].speaker, panel.claims[0].attributed) == ("Yoichiro Sato", True)
    assert "corrected" in panel.list.item(0).data(HTML_ROLE)
    with qtbot.waitSignal(window.jobs.ended, timeout=TIMEOUT):
        next(
            a for a in panel.correction_menu(panel.claims[0]).actions() if a.text() == "Hide Claim"
        ).trigger()
    qtbot.waitUntil(lambda: panel.claims[0].hidden, timeout=TIMEOUT)
    assert all(panel.list.item(i).text() != lead.text for i in range(panel.list.count()))
    panel.show_all.setChecked(True)
    assert "Hidden" in panel.list.item(0).data(HTML_ROLE)
    stored = seeded_library.claims.for_document(reading.document.id, with_hidden=True)[0]
    assert stored.hidden and stored.speaker == "Yoichiro Sato"


def test_label_toggle_hides_and_shows_highlights(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    view = window.reader_pane.view
    person = next(m for m in reading.mentions if m.label == "PERSON")
    position = view.to_qt(person.start)
    colour = QColor(LABELS["PERSON"].light)
    assert colour in _formats_at(view, position)
    window.reader_pane.legend.buttons["PERSON"].click()
    assert "PERSON" in view.hidden_labels
    assert colour not in _formats_at(view, position)
    place = next(m for m in reading.mentions if m.label == "GPE")
    assert QColor(LABELS["GPE"].light) in _formats_at(view, view.to_qt(place.start))
    window.reader_pane.legend.buttons["PERSON"].click()
    assert colour in _formats_at(view, position)


def test_clicking_a_mention_opens_the_entity(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    view = window.reader_pane.view
    assert view.viewport().hasMouseTracking()  # hovering a mention shows what it is
    mention = next(m for m in reading.mentions if m.canonical == "Lloyd Austin")
    view.scroll_to_span(mention.start, mention.end, flash=False)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(mention.start) + 1)
    point = view.cursorRect(cursor).center()
    assert view.mention_at(point) == mention
    with qtbot.waitSignal(view.entityActivated, timeout=TIMEOUT) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["PERSON", "Lloyd Austin"]
    panel = window.entities_panel
    assert window.side_tabs.currentWidget() is panel
    assert panel.selected_entity() == ("PERSON", "Lloyd Austin")
    assert panel.mentions.count() >= 2  # "Lloyd Austin" and later "Austin"
    qtbot.waitUntil(lambda: "loading" not in panel.documents_label.text(), timeout=TIMEOUT)
    assert panel.documents.count() == 1  # the Thanh Nien article names him too


def test_entity_rename_from_the_panel_applies_everywhere(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _search(qtbot, window, "ironclad")
    _open_first(qtbot, window)
    panel = window.entities_panel
    assert panel.select_entity("PERSON", "Lloyd Austin")
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("Lloyd J. Austin III", True))
    )
    menu = panel.correction_menu("PERSON", "Lloyd Austin")
    rename = next(a for a in menu.actions() if a.text() == "Rename…")
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        rename.trigger()
    qtbot.waitUntil(
        lambda: (
            window.reading is not None
            and any(e.canonical == "Lloyd J. Austin III" for e in window.reading.entities)
        ),
        timeout=TIMEOUT,
    )
    reading = window.reading
    assert reading is not None
    assert any(c.speaker == "Lloyd J. Austin III" for c in reading.claims)
    assert panel.select_entity("PERSON", "Lloyd J. Austin III")
    _search(qtbot, window, 'person:"Lloyd J. Austin III"')
    assert window.last_results is not None and window.last_results.total == 2


def test_relabel_and_hide_from_the_panel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "osprey")
    reading = _open_first(qtbot, window)
    assert any(m.canonical == "Gen Nakatani" for m in reading.mentions)
    menu = window.entities_panel.correction_menu("PERSON", "Gen Nakatani")
    hide = next(a for a in menu.actions() if a.text() == "Hide everywhere")
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        hide.trigger()
    qtbot.waitUntil(
        lambda: (
            window.reading is not None
            and not any(m.canonical == "Gen Nakatani" for m in window.reading.mentions)
        ),
        timeout=TIMEOUT,
    )


def test_find_in_document_counts_and_steps(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    _open_first(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader_pane.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "South Korea")
    assert len(bar.matches) >= 3
    assert bar.count.text() == f"1 of {len(bar.matches)}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.current == 1
    selected = window.reader_pane.view.textCursor().selectedText()
    assert selected == "South Korea"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_keyboard_moves_through_results(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_pane.query.hasFocus()
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT) as first:
        qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(window.readingShown, timeout=TIMEOUT) as second:
        qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert first.args != second.args
    rows = window.shortcut_rows()
    names = {action: keys for _menu, action, keys in rows}
    assert names["Search the Library"] == "Ctrl+K"
    assert names["Find in Document"] == "Ctrl+F"
    assert names["Import Files…"] == "Ctrl+O"


def test_facet_click_filters_results(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    facets = window.search_pane.facets
    sources = next(
        facets.topLevelItem(i)
        for i in range(facets.topLevelItemCount())
        if facets.topLevelItem(i).text(0) == "Sources"
    )
    item = next(
        sources.child(i)
        for i in range(sources.childCount())
        if "Yomiuri" in sources.child(i).text(0)
    )
    facets.itemClicked.emit(item, 0)
    qtbot.waitUntil(
        lambda: window.last_results is not None and window.last_results.total == 1,
        timeout=TIMEOUT,
    )
    assert window.search_pane.model.hits[0].source == "The Yomiuri Shimbun"
    assert "filtered by" in window.search_pane.status.text()


def test_theme_switch_and_settings_survive_a_restart(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    view = window.reader_pane.view
    person = next(m for m in reading.mentions if m.label == "PERSON")
    window.set_theme("dark")
    app = QApplication.instance()
    assert app.palette().color(app.palette().ColorRole.Window).lightness() < 80  # type: ignore[union-attr]
    assert view.colors.dark
    assert QColor(LABELS["PERSON"].dark) in _formats_at(view, view.to_qt(person.start))
    window.reading_ctl.zoom(2)
    window.close()
    again = _make_window(qtbot, window.library_folder, tmp_path)
    assert again.theme_mode == "dark" and again.colors.dark
    assert again.reader_pane.view.point_size == 14
    qtbot.waitUntil(
        lambda: again.reading is not None and again.reading.document.id == reading.document.id,
        timeout=TIMEOUT,
    )
    again.toggle_theme()
    assert again.theme_mode == "light" and not again.colors.dark


def _write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"article-{n:03d}.txt").write_text(
            f"Report number {n}\n\nOfficials in Tokyo said on Tuesday that item {n} was reviewed."
        )


def test_import_shows_progress_and_can_be_cancelled(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _make_window(qtbot, tmp_path / "empty-library", tmp_path)
    folder = tmp_path / "many"
    _write_articles(folder, 300)
    progress_seen: list[int] = []

    def on_started(job) -> None:  # type: ignore[no-untyped-def]
        def on_progress(progress) -> None:  # type: ignore[no-untyped-def]
            progress_seen.append(progress.done)
            if len(progress_seen) == 1:
                assert window.progress.isVisible() and window.cancel_button.isVisible()
                qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)

        job.signals.progress.connect(on_progress)

    window.jobs.started.connect(on_started)
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT) as finished:
        window.import_paths([folder])
    result = finished.args[0]
    assert result.cancelled
    assert progress_seen
    assert len(result.imported) < 300
    assert not window.progress.isVisible()
    assert "cancel" in window.statusBar().currentMessage().lower()


def test_drag_and_drop_imports_and_reports_failures(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _make_window(qtbot, tmp_path / "empty-library", tmp_path)
    folder = tmp_path / "dropped"
    _write_articles(folder, 1)
    (folder / "empty.txt").write_text("")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.jobFinished, timeout=60_000) as finished:
        QApplication.sendEvent(window, drop)
    result = finished.args[0]
    assert len(result.imported) == 1 and len(result.failed) == 1
    dialog = window.import_report
    assert dialog.isVisible()
    assert dialog.table.item(0, 0).text().endswith("empty.txt")
    assert "empty" in dialog.table.item(0, 1).text().lower()
    dialog.close()
    qtbot.waitUntil(lambda: window.search_pane.model.rowCount() == 1, timeout=TIMEOUT)


def test_first_start_on_an_empty_library_imports_the_seeds(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SEEDS

    window = MainWindow(tmp_path / "new-library", _settings(tmp_path), seeds=SEEDS)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.jobFinished, timeout=60_000) as finished:
        window.show()
    assert len(finished.args[0].imported) == 2
    qtbot.waitUntil(lambda: window.search_pane.model.rowCount() == 2, timeout=TIMEOUT)


def test_highlights_land_exactly_after_astral_characters(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "🙂🙂 Lloyd Austin visited 𝐓okyo 👍 and Japan.\n\nAnother 😀 paragraph with Japan."
    spans = [("Lloyd Austin", "PERSON"), ("Japan", "GPE")]
    mentions = []
    for name, label in spans:
        start = text.index(name)
        mentions.append(ResolvedMention(start, start + len(name), name, label, name))
    second = text.rindex("Japan")
    mentions.append(ResolvedMention(second, second + 5, "Japan", "GPE", "Japan"))
    doc = Document(id=1, content_hash="x", title="Emoji 🙂 title", text=text, source="Test")
    view = ReadingView()
    qtbot.addWidget(view)
    view.show_reading(Reading(document=doc, mentions=mentions, analysed=True))
    for mention in mentions:
        start, end = view.to_qt(mention.start), view.to_qt(mention.end)
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == mention.text
        colour = QColor(LABELS[mention.label].light)
        assert colour in _formats_at(view, start)
        assert colour in _formats_at(view, end - 1)
        assert colour not in _formats_at(view, end)
        assert view.to_core(start) == mention.start


def test_unanalysed_document_can_be_analysed_from_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing_reader.app.importing import import_paths
    from tests.conftest import SEED_YOMIURI

    folder = tmp_path / "plain-library"
    with Library.open(folder) as library:
        import_paths(library, [SEED_YOMIURI], analyse=False)
    window = _make_window(qtbot, folder, tmp_path)
    _search(qtbot, window, "osprey")
    reading = _open_first(qtbot, window)
    assert not reading.analysed and not reading.mentions
    pane = window.reader_pane
    assert pane.notice.isVisible()
    assert "not been analysed" in window.claims_panel.empty.text()
    # the first match of the query lies below the first screen: the view went to it
    assert window.reader_pane.view.verticalScrollBar().value() > 0
    with qtbot.waitSignal(window.jobFinished, timeout=60_000):
        qtbot.mouseClick(pane.notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reading is not None and window.reading.analysed, timeout=TIMEOUT)
    assert window.reading.mentions and window.reading.claims
    assert not pane.notice.isVisible()


def test_an_earlier_analysis_is_named_and_can_be_redone(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A library analysed before key claims were chosen shows all claims, says why, and
    offers to analyse again."""
    from briefing_reader.app.importing import import_paths
    from tests.conftest import SEED_YOMIURI

    folder = tmp_path / "old-library"
    with Library.open(folder) as library:
        import_paths(library, [SEED_YOMIURI])
        library.store.connection.execute("UPDATE documents SET analysis_version = 1")
        library.store.connection.execute("UPDATE claims SET is_key = 0")
    window = _make_window(qtbot, folder, tmp_path)
    _search(qtbot, window, "osprey")
    reading = _open_first(qtbot, window)
    assert reading.analysed and reading.outdated
    pane, panel = window.reader_pane, window.claims_panel
    assert pane.notice.isVisible() and "earlier version" in pane.notice.message.text()
    assert pane.notice.button.text() == "Analyse again"
    assert panel.list.count() == len(reading.claims) > 0  # all of them, not an empty list
    assert "earlier analysis" in panel.summary.text()
    with qtbot.waitSignal(window.jobFinished, timeout=60_000):
        qtbot.mouseClick(pane.notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.reading is not None and not window.reading.outdated, timeout=TIMEOUT
    )
    assert not pane.notice.isVisible()
    assert 0 < panel.list.count() < len(window.reading.claims)  # the key claims
    assert "key claims" in panel.summary.text() and "earlier" not in panel.summary.text()


def test_every_control_has_an_accessible_name_or_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QProgressBar,
        QTextEdit,
    )

    _search(qtbot, window, "ironclad")
    _open_first(qtbot, window)
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QProgressBar, QTextEdit)
    unnamed = [
        f"{type(w).__name__} {w.objectName()} in {type(w.parent()).__name__}"
        f"/{type(w.parent().parent()).__name__} {w.toolTip()}"
        for w in window.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisibleTo(window)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and w.parent() is not None
        # Qt's own parts: tab scrollers, dock title buttons, line-edit clear buttons
        and not isinstance(w.parent(), QLineEdit)
        and type(w.parent()).__name__ not in {"QTabBar", "QDockWidget", "QScrollBar"}
    ]
    assert unnamed == []


def test_shortcuts_dialog_lists_the_actions(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_shortcuts()
    dialog = next(
        d for d in window.findChildren(QDialog) if d.windowTitle() == "Keyboard shortcuts"
    )
    rows = [dialog.table.item(r, 0).text().strip() for r in range(dialog.table.rowCount())]
    assert {"Find in Document", "Next Result", "Toggle Light/Dark", "Larger Text"} <= set(rows)
    # grouped by menu, in menu order, not alphabetically
    assert rows.index("File") < rows.index("Import Files…") < rows.index("Edit")
    assert rows.index("Edit") < rows.index("Undo") < rows.index("Highlight Selection")
    assert rows.index("View") < rows.index("Next Result") < rows.index("Help")
    names = {action: keys for _menu, action, keys in window.shortcut_rows()}
    assert names["Larger Text"] == "Ctrl++, Ctrl+="
    assert names["Undo"] == "Ctrl+Z"
    assert dialog.height() >= min(500, window.screen().availableGeometry().height() - 80)
    dialog.close()


def _select(view: ReadingView, start: int, end: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(start))
    cursor.setPosition(view.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def _inks_at(view: ReadingView, offset: int) -> list[QColor]:
    """Inks of the highlight bands drawn under the character at text ``offset``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(offset) + 1)
    at = view.cursorRect(cursor)
    return [
        ink
        for band, ink in view.note_bands()
        if band.left() <= at.left() <= band.right() and at.top() <= band.top() <= at.bottom() + 4
    ]


def test_highlight_note_tag_undo_redo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    view = window.reader_pane.view
    panel = window.notes_panel
    start = reading.document.text.index("is ironclad")
    _select(view, start - 1, start + len("is ironclad"))  # the space before is trimmed
    assert view.selected_span() == (start, start + len("is ironclad"))
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_H, both)  # highlight and add a note
    qtbot.waitUntil(lambda: panel.current() is not None and panel.note.hasFocus(), timeout=TIMEOUT)
    assert window.side_tabs.currentWidget() is panel
    made = panel.current()
    assert made is not None and made.exact == "is ironclad" and made.color == "yellow"
    yellow, red = QColor(LIGHT.note_ink("yellow")), QColor(LIGHT.note_ink("red"))
    assert _inks_at(view, start) == [yellow]
    assert window.reading is reading  # marks repainted, the document not reopened

    qtbot.keyClicks(panel.note, "Compare with *2023*")
    panel.tags.setText("deterrence, follow up")
    panel.colour.setCurrentIndex(panel.colour.findData("red"))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: panel.current() is not None and panel.current().note != "", timeout=TIMEOUT
    )
    saved = panel.current()
    assert saved is not None
    assert (saved.note, saved.tags, saved.color) == (
        "Compare with *2023*",
        ["deterrence", "follow up"],
        "red",
    )
    assert "<em>2023</em>" in panel.list.currentItem().data(HTML_ROLE)
    qtbot.waitUntil(lambda: _inks_at(view, start) == [red], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.undo_action.text() == "&Undo edit note", timeout=TIMEOUT)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: panel.current() is not None and panel.current().note == "", timeout=TIMEOUT
    )
    qtbot.keyClick(window, Qt.Key.Key_Z, both)
    qtbot.waitUntil(
        lambda: panel.current() is not None and panel.current().note == "Compare with *2023*",
        timeout=TIMEOUT,
    )
    _search(qtbot, window, "tag:deterrence")
    assert window.last_results is not None and window.last_results.total == 1

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: _inks_at(view, start) == [], timeout=TIMEOUT)


def test_export_dialog_previews_and_writes(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    reading = _open_first(qtbot, window)
    start = reading.document.text.index("is ironclad")
    window.notes_ctl.highlight(start, start + len("is ironclad"), "green")
    qtbot.waitUntil(lambda: window.notes_panel.list.count() == 1, timeout=TIMEOUT)
    dialog = window.export_ctl.ask_export()
    qtbot.waitUntil(lambda: "is ironclad" in dialog.preview.toPlainText(), timeout=TIMEOUT)
    assert "Key claims" in dialog.preview.toPlainText()
    dialog.target.setText(str(tmp_path / "exported"))
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT) as finished:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    written = finished.args[0].written
    assert len(written) == 1 and "> is ironclad" in written[0].read_text(encoding="utf-8")


def test_colour_meanings_can_be_renamed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _search(qtbot, window, "ironclad")
    _open_first(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.notes_panel.palette), timeout=TIMEOUT)
    window.notes_ctl.ask_colour_meanings()
    dialog = window.colours_dialog
    dialog.fields["red"].setText("contested")
    with qtbot.waitSignal(window.jobFinished, timeout=TIMEOUT):
        dialog.accept()
    qtbot.waitUntil(lambda: ("red", "contested") in window.notes_panel.palette, timeout=TIMEOUT)
    with Library.open(window.library_folder) as library:
        assert ("red", "contested") in library.annotations.palette()
