"""The main window: search pane, reading pane and the side panel, wired to the library.

Reads (search, opening a document) go through one :class:`LibraryReader` thread;
writes (import, entity corrections) run as :class:`LibraryJob` s. Every answer
arrives as a signal on the GUI thread, which only lays out what it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from briefing_reader import __version__
from briefing_reader.app.progress import CancelToken, Progress, ProgressCallback
from briefing_reader.gui.claims_panel import ClaimsPanel
from briefing_reader.gui.dialogs import ColourMeaningsDialog, ImportReportDialog, ShortcutsDialog
from briefing_reader.gui.entities_panel import EntitiesPanel
from briefing_reader.gui.export_dialog import ExportDialog
from briefing_reader.gui.notes_panel import NotesPanel
from briefing_reader.gui.reader_pane import ReaderPane
from briefing_reader.gui.search_pane import PAGE_SIZE, SearchPane
from briefing_reader.gui.services import JobRunner, LibraryJob, LibraryReader
from briefing_reader.gui.theme import THEME_MODES, Colors, apply_theme, resolve_dark

if TYPE_CHECKING:
    from briefing_reader.app.reading import EntityDocument, Reading
    from briefing_reader.core.library import Library
    from briefing_reader.core.search.searcher import SearchResults

#: Entities a user may pick as a claim's speaker.
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

IMPORT_FILTER = "Documents (*.txt *.text *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"
STATUS_MS = 8000


class MainWindow(QMainWindow):
    """Everything the user sees. ``seeds`` are imported when the library starts empty."""

    ready = Signal()  # the first listing is on screen
    readingShown = Signal(int)  # a document finished opening
    jobFinished = Signal(object)  # a job's result (or its error message)
    notesShown = Signal()  # the Notes tab was filled

    def __init__(
        self,
        library_folder: Path,
        settings: QSettings,
        seeds: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library_folder = library_folder
        self.settings = settings
        self.seeds = seeds
        self.setObjectName("main-window")
        self.setWindowTitle("Briefing Reader")
        self.setWindowIcon(QIcon.fromTheme("briefing-reader"))
        self.setAcceptDrops(True)
        self.reader = LibraryReader(library_folder, self)
        self.jobs = JobRunner(library_folder, self)
        self.reading: Reading | None = None
        self.current_query = ""
        self.last_results: SearchResults | None = None
        self._search_serial = 0
        self._open_serial = 0
        self._is_ready = False
        self._closing = False
        self._pending_notes: tuple[str | None, bool] = (None, False)
        self._pending_jump: str | None = None
        self._seeded = False
        self.theme_mode = str(settings.value("theme", "system"))
        if self.theme_mode not in THEME_MODES:
            self.theme_mode = "system"
        self.colors: Colors = apply_theme(QApplication.instance(), resolve_dark(self.theme_mode))  # type: ignore[arg-type]
        self._build_widgets()
        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._restore()
        self._apply_colors()
        QTimer.singleShot(0, self.search_pane.request)

    # -- layout -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_pane = SearchPane(self)
        self.reader_pane = ReaderPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.search_pane)
        self.splitter.addWidget(self.reader_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([360, 760])
        self.setCentralWidget(self.splitter)
        self.claims_panel = ClaimsPanel(self)
        self.entities_panel = EntitiesPanel(self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setAccessibleName("Side panel")
        self.side_tabs.addTab(self.claims_panel, "Key claims")
        self.side_tabs.addTab(self.entities_panel, "Entities")
        self.notes_panel = NotesPanel(self)
        self.side_tabs.addTab(self.notes_panel, "Notes")
        self.side_dock = QDockWidget("Document", self)
        self.side_dock.setObjectName("side-dock")
        self.side_dock.setWidget(self.side_tabs)
        self.side_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.side_dock)
        self.resize(1400, 860)
        self.resizeDocks([self.side_dock], [400], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.job_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel the running job")
        self.cancel_button.clicked.connect(self.cancel_jobs)
        for widget in (self.job_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
        menu: Any = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.import_files_action = self._action(
            "&Import Files…", self.ask_import_files, "Ctrl+O", file_menu
        )
        self._action("Import &Folder…", self.ask_import_folder, "Ctrl+Shift+O", file_menu)
        file_menu.addSeparator()
        self._action("&Export Notes…", self.ask_export, "Ctrl+E", file_menu)
        self._action("Export Annotations as W3C &JSON…", self.ask_export_w3c, None, file_menu)
        self._action("Import Annotations from W3C JS&ON…", self.ask_import_w3c, None, file_menu)
        file_menu.addSeparator()
        self._action("Open Library &Folder", self.open_library_folder, None, file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, "Ctrl+Q", file_menu)

        edit = menus.addMenu("&Edit")
        self.undo_action = self._action("&Undo", self.undo, "Ctrl+Z", edit)
        self.redo_action = self._action("&Redo", self.redo, "Ctrl+Shift+Z", edit)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit.addSeparator()
        self._action("&Highlight Selection", self.highlight_selection, "Ctrl+H", edit)
        self._action(
            "Highlight and Add &Note", lambda: self.highlight_selection(True), "Ctrl+Shift+H", edit
        )
        self._action("Rename Highlight &Colours…", self.ask_colour_meanings, None, edit)
        edit.addSeparator()
        self._action("&Search the Library", self.focus_search, "Ctrl+K", edit)
        self._action("&Find in Document", self.reader_pane.find_bar.open_bar, "Ctrl+F", edit)
        self._action("Find &Next", self.reader_pane.find_bar.next, "F3", edit)
        self._action("Find &Previous", self.reader_pane.find_bar.previous, "Shift+F3", edit)

        view = menus.addMenu("&View")
        self._action("&Next Result", lambda: self.search_pane.step(1), "Alt+Down", view)
        self._action("P&revious Result", lambda: self.search_pane.step(-1), "Alt+Up", view)
        view.addSeparator()
        self._action("&Larger Text", lambda: self.zoom(1), "Ctrl++", view)
        self._action("Larger Text", lambda: self.zoom(1), "Ctrl+=")
        self._action("&Smaller Text", lambda: self.zoom(-1), "Ctrl+-", view)
        self._action("&Normal Text Size", lambda: self.zoom(0), "Ctrl+0", view)
        view.addSeparator()
        self.claims_underline_action = self._action(
            "Underline &Claims in Text",
            self.reader_pane.view.set_show_claims,
            "Ctrl+U",
            view,
            checkable=True,
        )
        self.library_pane_action = self._action(
            "Show &Library Pane", self.search_pane.setVisible, "Ctrl+Shift+L", view, True
        )
        self.library_pane_action.setChecked(True)
        self.side_panel_action = self.side_dock.toggleViewAction()
        self.side_panel_action.setText("Show &Side Panel")
        self.side_panel_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view.addAction(self.side_panel_action)
        self.addAction(self.side_panel_action)
        self._action("Show Key &Claims", lambda: self.show_side_tab(0), "Ctrl+1", view)
        self._action("Show &Entities", lambda: self.show_side_tab(1), "Ctrl+2", view)
        self._action("Show N&otes", lambda: self.show_side_tab(2), "Ctrl+3", view)
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode, text in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = QAction(text, self, checkable=True)
            action.setChecked(mode == self.theme_mode)
            action.triggered.connect(lambda _checked=False, mode=mode: self.set_theme(mode))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[mode] = action
        self._action("&Toggle Light/Dark", self.toggle_theme, "Ctrl+Shift+T", theme_menu)

        help_menu = menus.addMenu("&Help")
        self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1", help_menu)
        self._action("&Query Syntax", self.show_query_help, None, help_menu)
        self._action("&About Briefing Reader", self.show_about, None, help_menu)

    def _connect(self) -> None:
        self.search_pane.searchRequested.connect(self.run_search)
        self.search_pane.documentChosen.connect(self.open_document)
        self.claims_panel.claimActivated.connect(self._go_to_span)
        self.claims_panel.correctionRequested.connect(self.correct_claim)
        self.entities_panel.mentionActivated.connect(self._go_to_span)
        self.entities_panel.documentActivated.connect(self.open_document)
        self.entities_panel.entitySelected.connect(self._load_entity_documents)
        self.entities_panel.correctionRequested.connect(self.request_correction)
        self.reader_pane.view.entityActivated.connect(self.show_entity)
        self.reader_pane.analyseRequested.connect(self.analyse_documents)
        self.reader_pane.view.highlightRequested.connect(self.highlight)
        self.reader_pane.view.annotationActivated.connect(self.show_annotation)
        self.notes_panel.annotationActivated.connect(self.go_to_annotation)
        self.notes_panel.scopeChanged.connect(lambda _scope: self.load_notes())
        self.notes_panel.saveRequested.connect(self.save_annotation)
        self.notes_panel.deleteRequested.connect(self.delete_annotation)
        self.jobs.started.connect(self._job_started)
        self.jobs.ended.connect(self._job_ended)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)

    # -- settings -----------------------------------------------------------------------

    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.reader_pane.view.set_point_size(int(s.value("reader/point_size", 12)))
        self.claims_underline_action.setChecked(s.value("reader/claims", "false") == "true")
        self.claims_panel.set_order(str(s.value("claims/order", "reading")))
        self.library_pane_action.setChecked(s.value("window/library_pane", "true") == "true")
        last = s.value("reader/last_document")
        self._restore_document = int(last) if last not in (None, "") else None

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/library_pane", "true" if self.search_pane.isVisible() else "false")
        s.setValue("reader/point_size", self.reader_pane.view.point_size)
        s.setValue("reader/claims", "true" if self.claims_underline_action.isChecked() else "false")
        s.setValue("claims/order", self.claims_panel.current_order())
        s.setValue("theme", self.theme_mode)
        if self.reading is not None:
            s.setValue("reader/last_document", self.reading.document.id)
        s.sync()

    # -- search and reading -------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_pane.setVisible(True)
        self.library_pane_action.setChecked(True)
        self.search_pane.query.setFocus()
        self.search_pane.query.selectAll()

    def run_search(self, text: str, filters: dict[str, str], sort: str, page: int) -> None:
        from briefing_reader.app.searching import search

        self._search_serial += 1
        serial = self._search_serial
        self.current_query = text

        def call(library: Library) -> SearchResults:
            return search(library, text, page=page, page_size=PAGE_SIZE, sort=sort, filters=filters)

        def done(results: SearchResults) -> None:
            if serial != self._search_serial:
                return  # overtaken by a newer search
            self.last_results = results
            self.search_pane.show_results(results)
            if not self._is_ready:
                self._first_listing(results)

        def failed(message: str) -> None:
            if serial == self._search_serial:
                self.search_pane.show_error(message)

        self.reader.submit(call, done, failed)

    def _first_listing(self, results: SearchResults) -> None:
        self._is_ready = True
        self.ready.emit()
        if results.total == 0 and not results.query and self.seeds is not None:
            self._seeded = True
            self.show_status("Your library is empty: importing the sample articles…")
            self.import_paths([self.seeds])
        elif self._restore_document is not None:
            self.open_document(self._restore_document, quiet=True)

    def open_document(self, doc_id: int, quiet: bool = False) -> None:
        from briefing_reader.app.reading import open_document

        self._open_serial += 1
        serial = self._open_serial
        query = self.current_query

        def done(reading: Reading) -> None:
            if serial == self._open_serial:
                self.show_reading(reading)

        def failed(message: str) -> None:
            if serial == self._open_serial and not quiet:
                self.show_status(message)

        self.reader.submit(lambda library: open_document(library, doc_id, query), done, failed)

    def show_reading(self, reading: Reading) -> None:
        self.reading = reading
        self.reader_pane.show_reading(reading)
        speakers = [e.canonical for e in reading.entities if e.label in _SPEAKER_LABELS]
        self.claims_panel.set_claims(
            reading.claims, analysed=reading.analysed, opened=True, speaker_names=speakers
        )
        selected = self.entities_panel.selected_entity()
        self.entities_panel.set_reading(reading)
        if selected:
            self.entities_panel.select_entity(*selected)
        self.setWindowTitle(f"{reading.document.title} — Briefing Reader")
        select, edit = self._pending_notes
        self._pending_notes = (None, False)
        self.load_notes(select, edit)
        if self._pending_jump is not None:
            uid, self._pending_jump = self._pending_jump, None
            self.go_to_annotation(reading.document.id, uid)
        self.readingShown.emit(reading.document.id)

    def _go_to_span(self, start: int, end: int) -> None:
        self.reader_pane.view.scroll_to_span(start, end)

    def show_entity(self, label: str, canonical: str) -> None:
        self.side_dock.show()
        self.side_tabs.setCurrentWidget(self.entities_panel)
        self.entities_panel.select_entity(label, canonical)

    def show_side_tab(self, index: int) -> None:
        self.side_dock.show()
        self.side_tabs.setCurrentIndex(index)

    def _load_entity_documents(self, label: str, canonical: str) -> None:
        from briefing_reader.app.reading import entity_documents

        def done(documents: list[EntityDocument]) -> None:
            self.entities_panel.show_documents(label, canonical, documents)

        self.reader.submit(lambda library: entity_documents(library, label, canonical), done)

    def zoom(self, step: int) -> None:
        view = self.reader_pane.view
        view.set_point_size(12 if step == 0 else view.point_size + step)
        self.show_status(f"Text size {view.point_size} pt", 2000)

    # -- entity corrections -------------------------------------------------------------

    def request_correction(self, kind: str, ref: str, value: str) -> None:
        """Ask what is missing (a new name, the entity to merge into), then run it."""
        label, _, name = ref.partition(":")
        if kind == "rename":
            value, ok = QInputDialog.getText(
                self, "Rename entity", f"New name for {name} everywhere:", text=name
            )
            if ok and value.strip() and value.strip() != name:
                self.correct("rename", ref, value.strip())
        elif kind == "merge":
            from briefing_reader.app.entities import list_entities

            def choose(entities: list[Any]) -> None:
                names = [e.canonical for e in entities if e.canonical != name]
                if not names:
                    self.show_status(f"No other {label} entity to merge {name} into.")
                    return
                target, ok = QInputDialog.getItem(
                    self, "Merge entity", f"Merge {name} into:", names, 0, True
                )
                if ok and target:
                    self.correct("merge", ref, f"{label}:{target}")

            self.reader.submit(lambda library: list_entities(library, label=label), choose)
        else:
            self.correct(kind, ref, value)

    def correct(self, kind: str, ref: str, value: str) -> LibraryJob:
        from briefing_reader.app import entities

        operations = {
            "rename": lambda lib: entities.rename_entity(lib, ref, value),
            "merge": lambda lib: entities.merge_entities(lib, ref, value),
            "relabel": lambda lib: entities.relabel_entity(lib, ref, value),
            "hide": lambda lib: entities.hide_entity(lib, ref),
        }
        operation = operations[kind]
        described = {"rename": "Renaming", "merge": "Merging", "relabel": "Relabelling"}.get(
            kind, "Hiding"
        )

        def call(library: Library, _progress: ProgressCallback, _cancel: CancelToken) -> Any:
            return operation(library)

        def done(changes: Any) -> None:
            if self._closing:
                return
            notices = getattr(changes, "notices", [])
            self.show_status(" ".join(notices) or f"{described} done: applied everywhere.")
            self.refresh()
            self.jobFinished.emit(changes)

        return self.jobs.start(f"{described} {ref}…", call, done, self._job_failed)

    def correct_claim(self, start: int, what: str, value: str) -> LibraryJob | None:
        """Correct one claim of the open document (see ``ClaimsPanel.correctionRequested``);
        only the claims panel is refreshed after it."""
        from briefing_reader.app.claims import correct_claim, undo_claim_correction

        if self.reading is None:
            return None
        doc_id = self.reading.document.id
        change = {
            "speaker": lambda lib: correct_claim(lib, doc_id, start, speaker=value),
            "kind": lambda lib: correct_claim(lib, doc_id, start, kind=value),
            "hidden": lambda lib: correct_claim(lib, doc_id, start, hidden=bool(value)),
            "undo": lambda lib: undo_claim_correction(lib, doc_id, start),
        }[what]

        def call(library: Library, _p: ProgressCallback, _c: CancelToken) -> Any:
            change(library)
            return library.claims.for_document(doc_id, with_hidden=True)

        def done(claims: Any) -> None:
            if self._closing or self.reading is None or self.reading.document.id != doc_id:
                return
            self.reading.claims = claims
            self.claims_panel.set_claims(claims, opened=True)
            self.show_status("Claim corrected; kept when the document is analysed again.")

        return self.jobs.start("Correcting the claim…", call, done, self._job_failed)

    # -- annotations --------------------------------------------------------------------

    def load_notes(self, select: str | None = None, edit: bool = False) -> None:
        """Fill the Notes tab for its scope, and the Undo/Redo menu texts."""
        from briefing_reader.app.annotations import history_labels

        scope = self.notes_panel.current_scope()
        doc_id = self.reading.document.id if self.reading else None

        def call(library: Library) -> tuple:
            if scope == "document":
                found = library.annotations.for_document(doc_id) if doc_id is not None else []
            else:
                found = library.annotations.search(orphaned=True if scope == "orphaned" else None)
            docs = library.store.get_many({a.document_id for a in found})
            titles = {d.id: d.title for d in docs.values()}
            tags = [tag for tag, _count in library.annotations.tags()]
            return found, library.annotations.palette(), tags, titles, history_labels(library)

        def done(answer: tuple) -> None:
            found, palette, tags, titles, (undo_label, redo_label) = answer
            self.notes_panel.set_annotations(found, palette, tags, titles)
            self.undo_action.setEnabled(undo_label is not None)
            self.undo_action.setText(f"&Undo {undo_label}" if undo_label else "&Undo")
            self.redo_action.setEnabled(redo_label is not None)
            self.redo_action.setText(f"&Redo {redo_label}" if redo_label else "&Redo")
            if select:
                self.notes_panel.select(select)
            if edit:
                self.show_side_tab(2)
                self.notes_panel.edit_note()
            self.notesShown.emit()

        self.reader.submit(call, done)

    def highlight_selection(self, with_note: bool = False) -> None:
        span = self.reader_pane.view.selected_span()
        if span is None:
            self.show_status("Select some text of the document first.")
            return
        palette = self.reading.palette if self.reading else []
        colour = palette[0][0] if palette else "yellow"
        self.highlight(span[0], span[1], colour, with_note)

    def highlight(
        self, start: int, end: int, colour: str, with_note: bool = False
    ) -> LibraryJob | None:
        """Highlight ``[start, end)`` of the open document in ``colour``."""
        from briefing_reader.app.annotations import annotate

        if self.reading is None:
            return None
        doc_id = self.reading.document.id

        def call(library: Library, _p: ProgressCallback, _c: CancelToken) -> Any:
            return annotate(library, doc_id, start=start, end=end, color=colour)

        def done(change: Any) -> None:
            uid = change.annotation.uid if change.annotation else None
            self._after_annotation(change, select=uid, edit=with_note)

        return self.jobs.start("Highlighting…", call, done, self._job_failed)

    def save_annotation(self, uid: str, colour: str, note: str, tags: list[str]) -> LibraryJob:
        from briefing_reader.app.annotations import edit_annotation

        def call(library: Library, _p: ProgressCallback, _c: CancelToken) -> Any:
            return edit_annotation(library, uid, color=colour, note=note, tags=tags)

        return self.jobs.start(
            "Saving the note…",
            call,
            lambda c: self._after_annotation(c, select=uid),
            self._job_failed,
        )

    def delete_annotation(self, uid: str) -> LibraryJob:
        from briefing_reader.app.annotations import delete_annotation

        def call(library: Library, _p: ProgressCallback, _c: CancelToken) -> Any:
            return delete_annotation(library, uid)

        return self.jobs.start("Deleting…", call, self._after_annotation, self._job_failed)

    def undo(self) -> LibraryJob:
        from briefing_reader.app.annotations import undo

        return self.jobs.start(
            "Undoing…", lambda lib, _p, _c: undo(lib), self._after_annotation, self._job_failed
        )

    def redo(self) -> LibraryJob:
        from briefing_reader.app.annotations import redo

        return self.jobs.start(
            "Redoing…", lambda lib, _p, _c: redo(lib), self._after_annotation, self._job_failed
        )

    def _after_annotation(self, change: Any, select: str | None = None, edit: bool = False) -> None:
        if self._closing:
            return
        self.show_status(" ".join(change.notices) or f"{change.label.capitalize()}: done.", 3000)
        if self.reading is not None:
            self._pending_notes = (select, edit)
            self.open_document(self.reading.document.id, quiet=True)
        else:
            self.load_notes(select, edit)
        self.jobFinished.emit(change)

    def ask_colour_meanings(self) -> None:
        """Let the user say what each highlight colour means ("disputed" → "contested")."""
        palette = self.notes_panel.palette or (self.reading.palette if self.reading else [])
        if not palette:
            return
        dialog = ColourMeaningsDialog(palette, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.rename_colours(dialog.meanings()))
        self.colours_dialog = dialog
        dialog.open()

    def rename_colours(self, meanings: dict[str, str]) -> LibraryJob:
        def call(library: Library, _p: ProgressCallback, _c: CancelToken) -> Any:
            for colour, meaning in meanings.items():
                if meaning.strip():
                    library.annotations.set_meaning(colour, meaning)
            return meanings

        def done(_result: Any) -> None:
            self.show_status("Highlight colours renamed.")
            self.refresh()
            self.jobFinished.emit(meanings)

        return self.jobs.start("Renaming colours…", call, done, self._job_failed)

    def show_annotation(self, uid: str) -> None:
        self.show_side_tab(2)
        if not self.notes_panel.select(uid):
            self.load_notes(select=uid)

    def go_to_annotation(self, doc_id: int, uid: str) -> None:
        """Scroll to a highlight's passage, opening its document first if needed."""
        if self.reading is not None and self.reading.document.id == doc_id:
            found = next((a for a in self.reading.annotations if a.uid == uid), None)
            if found is not None and found.start is not None and found.end is not None:
                self.reader_pane.view.scroll_to_span(found.start, found.end)
            elif found is not None:
                self.show_status("This note's passage is no longer in the document (orphaned).")
            return
        self._pending_jump = uid
        self.open_document(doc_id)

    # -- export -------------------------------------------------------------------------

    def ask_export(self) -> ExportDialog:
        from briefing_reader.app.exporting import preview

        results = [hit.id for hit in self.search_pane.model.hits]
        tags = [
            self.notes_panel.tag_filter.itemData(i)
            for i in range(1, self.notes_panel.tag_filter.count())
        ]
        folder = Path(str(self.settings.value("export/folder", Path.home() / "Briefing notes")))
        dialog = ExportDialog(
            self.reading.document.id if self.reading else None, results, tags, folder, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def show_preview(choice: dict) -> None:
            self.reader.submit(
                lambda library: preview(
                    library, choice["doc_ids"], choice["tag"], choice["combined"]
                ),
                lambda text: dialog.show_preview(text) if dialog.isVisible() else None,
                lambda message: dialog.show_problem(message) if dialog.isVisible() else None,
            )

        dialog.previewWanted.connect(show_preview)
        dialog.exportWanted.connect(self.export_notes)
        self.export_dialog = dialog
        dialog.open()
        show_preview(dialog.choice())
        return dialog

    def export_notes(self, choice: dict, force: bool = False) -> LibraryJob:
        from briefing_reader.app.exporting import export_notes

        target: Path = choice["target"]
        self.settings.setValue(
            "export/folder", str(target if target.suffix != ".md" else target.parent)
        )

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> Any:
            return export_notes(
                library,
                target,
                doc_ids=choice["doc_ids"],
                tag=choice["tag"],
                combined=choice["combined"],
                force=force,
                progress=progress,
                cancel=cancel,
            )

        def done(result: Any) -> None:
            if self._closing:
                return
            foreign = [f for f in result.failed if "not written by Briefing Reader" in f.reason]
            self.show_status(result.summary(), STATUS_MS)
            if foreign and not force and self.confirm_overwrite([f.path for f in foreign]):
                self.export_notes(choice, force=True)
            elif result.failed and not foreign:
                QMessageBox.warning(
                    self, "Export", "\n".join(f"{f.path}: {f.reason}" for f in result.failed)
                )
            self.jobFinished.emit(result)

        return self.jobs.start("Exporting notes…", call, done, self._job_failed)

    def confirm_overwrite(self, paths: list[str]) -> bool:
        """Ask before replacing files the export did not write."""
        answer = QMessageBox.question(
            self,
            "Replace files?",
            "These files were not written by Briefing Reader; replacing them loses their "
            "content:\n\n" + "\n".join(paths[:10]) + "\n\nReplace them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_export_w3c(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export annotations", "annotations.json", "W3C Web Annotation JSON (*.json)"
        )
        if path:
            from briefing_reader.app.interchange import export_w3c

            self.jobs.start(
                "Exporting annotations…",
                lambda lib, _p, _c: export_w3c(lib, Path(path)),
                lambda count: self.show_status(f"{count} annotation(s) written to {path}"),
                self._job_failed,
            )

    def ask_import_w3c(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import annotations", "", "W3C Web Annotation JSON (*.json);;All files (*)"
        )
        if path:
            from briefing_reader.app.interchange import import_w3c

            def done(result: Any) -> None:
                self.show_status(result.summary(), STATUS_MS)
                if result.failed:
                    QMessageBox.warning(self, "Import annotations", "\n".join(result.failed[:20]))
                self.refresh()

            self.jobs.start(
                "Importing annotations…",
                lambda lib, _p, _c: import_w3c(lib, Path(path)),
                done,
                self._job_failed,
            )

    # -- analysis -----------------------------------------------------------------------

    def analyse_documents(self, doc_id: int) -> LibraryJob:
        """Find entities and claims in a document imported without them."""
        from briefing_reader.app.analysing import reanalyse

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> Any:
            return reanalyse(library, [doc_id], progress=progress, cancel=cancel)

        def done(result: Any) -> None:
            if self._closing:
                return
            self.show_status(f"Analysed {len(result.analysed)} document(s).")
            self.refresh()
            self.jobFinished.emit(result)

        return self.jobs.start("Analysing…", call, done, self._job_failed)

    # -- import -------------------------------------------------------------------------

    def ask_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import files", "", IMPORT_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> LibraryJob:
        from briefing_reader.app.importing import ImportResult, import_paths

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> Any:
            return import_paths(library, paths, progress, cancel)

        def done(result: ImportResult) -> None:
            if self._closing:
                return
            self.show_status(result.summary(), STATUS_MS * 2)
            self.refresh()
            if result.failed:
                dialog = ImportReportDialog(result, self)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.import_report = dialog
                dialog.open()
            self.jobFinished.emit(result)

        names = ", ".join(p.name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        return self.jobs.start(f"Importing {names}", call, done, self._job_failed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- jobs and status ----------------------------------------------------------------

    def _job_started(self, job: LibraryJob) -> None:
        job.signals.progress.connect(self._job_progress)
        self.job_label.setText(job.title)
        self.progress.setRange(0, 0)
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.show()
        self.cancel_button.setEnabled(True)

    def _job_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
            self.progress.setFormat("%v / %m")
        if progress.message:
            name = Path(progress.message).name if "/" in progress.message else progress.message
            self.job_label.setText(f"{self.job_label.text().split(' — ')[0]} — {name[:40]}")

    def _job_ended(self, _job: LibraryJob) -> None:
        if not self.jobs.busy:
            for widget in (self.job_label, self.progress, self.cancel_button):
                widget.hide()

    def _job_failed(self, message: str) -> None:
        if self._closing:
            return
        self.show_status(message, STATUS_MS * 2)
        QMessageBox.warning(self, "Briefing Reader", message)
        self.jobFinished.emit(message)

    def cancel_jobs(self) -> None:
        self.jobs.cancel_all()
        self.cancel_button.setEnabled(False)
        self.job_label.setText("Cancelling… (finishing the current file)")

    def show_status(self, message: str, timeout: int = STATUS_MS) -> None:
        self.statusBar().showMessage(message, timeout)

    def refresh(self) -> None:
        """After a change: search again and reopen the current document."""
        if self._closing:
            return
        self.search_pane.request(page=1)
        if self.reading is not None:
            self.open_document(self.reading.document.id, quiet=True)

    # -- theme --------------------------------------------------------------------------

    def set_theme(self, mode: str) -> None:
        self.theme_mode = mode
        self.theme_actions[mode].setChecked(True)
        self.colors = apply_theme(QApplication.instance(), resolve_dark(mode))  # type: ignore[arg-type]
        self._apply_colors()

    def toggle_theme(self) -> None:
        self.set_theme("light" if self.colors.dark else "dark")

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.theme_mode == "system":
            self.set_theme("system")

    def _apply_colors(self) -> None:
        self.reader_pane.set_colors(self.colors)
        self.claims_panel.set_colors(self.colors)
        self.entities_panel.set_colors(self.colors)
        self.notes_panel.set_colors(self.colors)
        self.search_pane.set_colors(self.colors)

    # -- help ---------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows: dict[str, str] = {}
        for action in self.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                name = action.text().replace("&", "")
                rows[name] = f"{rows[name]}, {keys}" if name in rows else keys
        rows.update({"Open the selected result": "Enter", "Move through results": "Up, Down"})
        return sorted(rows.items())

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_query_help(self) -> None:
        QMessageBox.information(
            self,
            "Query syntax",
            "<p><b>words</b> — documents with all of them (stemmed: ally finds allies)<br>"
            '<b>"exact phrase"</b>, <b>AND</b>, <b>OR</b>, <b>NOT</b>, (grouping)<br>'
            "<b>deter*</b> wildcard, <b>deterence~</b> fuzzy (one edit), <b>~2</b> two edits<br>"
            "<b>title: source: author: dateline:</b> fields<br>"
            "<b>person: org: place: entity:</b> who and what the text names<br>"
            "<b>speaker: claim:</b> who said it, and what was said<br>"
            "<b>date:2024</b>, <b>date:2024-12</b>, <b>date:[2024-01 to 2024-06]</b>, "
            "<b>date:&gt;=2024-07</b></p>",
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Briefing Reader",
            f"<b>Briefing Reader {__version__}</b><p>Read, search and annotate briefing "
            "material offline: entities, key claims and notes.</p>"
            f"<p>Library: <a href='{QUrl.fromLocalFile(str(self.library_folder)).toString()}'>"
            f"{self.library_folder}</a></p>",
        )

    def open_library_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library_folder)))

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.save_settings()
        self.jobs.shutdown()
        self.reader.shutdown()
        super().closeEvent(event)
