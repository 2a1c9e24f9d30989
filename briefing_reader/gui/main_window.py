"""The main window: search pane, reading pane and the side panel, wired to the library.

Reads (search, opening a document) go through one :class:`LibraryReader` thread;
writes run as operations (:mod:`operations`) whose changes the dispatcher applies
to the views that show them. The work itself is split among controllers: reading,
annotations, entities, import and export; this class lays out the window and keeps
its settings, theme, status bar and help.
"""

from __future__ import annotations

import linecache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolButton,
    QWidget,
)

from briefing_reader.gui.annotations_controller import AnnotationsController
from briefing_reader.gui.claims_controller import ClaimsController
from briefing_reader.gui.claims_panel import ClaimsPanel
from briefing_reader.gui.collector import settle_collection
from briefing_reader.gui.dispatcher import ChangeDispatcher
from briefing_reader.gui.entities_controller import EntitiesController
from briefing_reader.gui.export_controller import ExportController
from briefing_reader.gui.import_controller import ImportController
from briefing_reader.gui.link_controller import LinkController
from briefing_reader.gui.operations import OperationRunner
from briefing_reader.gui.reader_pane import ReaderPane
from briefing_reader.gui.reading_controller import ReadingController
from briefing_reader.gui.search_pane import SearchPane
from briefing_reader.gui.services import JobRunner, LibraryJob, LibraryReader
from briefing_reader.gui.side_panels import (
    ENTITIES_TAB,
    LazyTabs,
    build_entities_panel,
    build_notes_panel,
)
from briefing_reader.gui.theme import THEME_MODES, Colors, apply_theme, resolve_dark
from briefing_reader.gui.window_actions import build_actions, shortcut_rows
from briefing_reader.gui.window_geometry import fit_to_screen, open_size

if TYPE_CHECKING:
    # (these events' Python types are made when the first of each arrives)
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from briefing_reader.app.progress import Progress
    from briefing_reader.app.reading import Reading
    from briefing_reader.core.search.results import SearchResults
    from briefing_reader.gui.entities_panel import EntitiesPanel

STATUS_MS = 8000
#: How long the first screen is left to settle before the search code loads.
SETTLE_MS = 80


class MainWindow(QMainWindow):
    """Everything the user sees. ``seeds`` are imported when the library starts empty."""

    ready = Signal()  # the first listing is on screen
    searchReady = Signal()  # the search code is loaded: the first search answered (facets in)
    readingShown = Signal(int)  # a document finished opening
    jobFinished = Signal(object)  # an operation's result (or its error message)
    notesShown = Signal()  # the Notes tab was filled

    undo_action: QAction
    redo_action: QAction
    import_files_action: QAction
    claims_underline_action: QAction
    library_pane_action: QAction
    side_panel_action: QAction
    theme_group: QActionGroup
    theme_actions: dict[str, QAction]

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
        #: The samples were (or are being) imported; the first listing must not add them again.
        self.seeded = False
        self.setObjectName("main-window")
        self.setWindowTitle("Briefing Reader")
        self.setWindowIcon(QIcon.fromTheme(_app().desktopFileName(), _app().windowIcon()))
        self.setAcceptDrops(True)
        self.reader = LibraryReader(library_folder, self)
        self.jobs = JobRunner(library_folder, self)
        self.reading: Reading | None = None
        self.current_query = ""
        self.last_results: SearchResults | None = None
        self.is_ready = False
        self.search_loaded = False
        self.closing = False
        self._fitted = False
        self.operations = OperationRunner(self)
        self.dispatcher = ChangeDispatcher(self)
        self.reading_ctl = ReadingController(self)
        self.notes_ctl = AnnotationsController(self)
        self.entities_ctl = EntitiesController(self)
        self.import_ctl = ImportController(self)
        self.export_ctl = ExportController(self)
        self.claims_ctl = ClaimsController(self)
        self.links_ctl = LinkController(self)
        # Asked for now, answered while the widgets are built: the first paint can show it.
        self.reading_ctl.run_search("", {}, "relevance", 1)
        self.theme_mode = str(settings.value("theme", "system"))
        if self.theme_mode not in THEME_MODES:
            self.theme_mode = "system"
        self.colors: Colors = apply_theme(_app(), resolve_dark(self.theme_mode))
        self._build_widgets()
        self._build_status_bar()
        build_actions(self)
        self._connect()
        self._restore()
        self._apply_colors()

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
        self.setCentralWidget(self.splitter)
        self.claims_panel = ClaimsPanel(self)
        self.side_tabs = LazyTabs(self)
        self.side_tabs.setAccessibleName("Side panel")
        self.side_tabs.addTab(self.claims_panel, "Key claims")
        self.side_tabs.add_lazy("Entities", lambda: build_entities_panel(self))
        # Built now: its minimum width holds the dock's, which must not jump when it shows.
        self.notes_panel = build_notes_panel(self)
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
        self.resize(open_size(self))
        fit_to_screen(self, centre=True)
        # On a small screen the text column keeps the larger share.
        side = min(400, self.width() * 27 // 100)
        self.resizeDocks([self.side_dock], [side], Qt.Orientation.Horizontal)
        library = min(360, (self.width() - side) * 32 // 100)
        self.splitter.setSizes([library, self.width() - side - library])

    def _build_status_bar(self) -> None:
        """Built with the window although hidden until a job runs: the status bar takes the
        height of its widgets, hidden or not (28 pixels with these, 22 without)."""
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

    def _connect(self) -> None:
        reading, notes, entities = self.reading_ctl, self.notes_ctl, self.entities_ctl
        self.search_pane.searchRequested.connect(reading.run_search)
        self.search_pane.documentChosen.connect(reading.open_document)
        self.claims_panel.claimActivated.connect(reading.go_to_span)
        self.claims_panel.correctionRequested.connect(self.claims_ctl.correct_claim)
        self.reader_pane.view.entityActivated.connect(entities.show_entity)
        self.reader_pane.view.renameRequested.connect(lambda: reading.ask_rename(reading.open_id))
        self.reader_pane.analyseRequested.connect(self.import_ctl.analyse_documents)
        self.reader_pane.view.highlightRequested.connect(notes.highlight)
        self.reader_pane.view.annotationActivated.connect(notes.show_annotation)
        self.jobs.started.connect(self._job_started)
        self.jobs.ended.connect(self._job_ended)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # -- settings -----------------------------------------------------------------------

    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            fit_to_screen(self)
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
        position = s.value("reader/position")
        self._restore_position = int(position) if position not in (None, "") else None

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
            s.setValue("reader/position", self.reading_ctl.position() or 0)
        s.sync()

    # -- first start --------------------------------------------------------------------

    def first_listing(self, results: SearchResults) -> None:
        """The first listing is on screen: import the samples into an empty library, or
        reopen the last document where the reader left it."""
        self.is_ready = True
        settle_collection()
        # PySide6 reads the source of every module imported after it (to see whether the
        # module uses PySide); the lines stay in linecache, 9 MB by now, never read again.
        linecache.clearcache()
        self.ready.emit()
        if results.total == 0 and not results.query and self.seeds is not None and not self.seeded:
            self.seeded = True
            self.search_pane.show_busy("Importing the sample articles…")
            self.import_ctl.import_paths([self.seeds], first_start=True)
            return
        QTimer.singleShot(SETTLE_MS, self._load_the_rest)

    def _load_the_rest(self) -> None:
        """The first listing came from the database alone: the same search again brings its
        facets (and loads the search code), then the last document reopens. Both wait for
        the first screen to settle (the list laid out), which they would slow down."""
        self.search_pane.request(page=1)
        if self._restore_document is not None:
            self.reading_ctl.open_document(
                self._restore_document, quiet=True, position=self._restore_position
            )

    def skip_restore(self) -> None:
        """Do not reopen the last document at start (a link given at start opens instead)."""
        self._restore_document = None

    def import_paths(self, paths: list[Path]) -> LibraryJob:
        return self.import_ctl.import_paths(paths)

    def import_at_start(self, paths: list[Path]) -> LibraryJob:
        return self.import_ctl.import_at_start(paths)

    def focus_search(self) -> None:
        self.search_pane.setVisible(True)
        self.library_pane_action.setChecked(True)
        self.search_pane.query.setFocus()
        self.search_pane.query.selectAll()

    @property
    def entities_panel(self) -> EntitiesPanel:
        return cast("EntitiesPanel", self.side_tabs.page(ENTITIES_TAB))

    def show_side_tab(self, index: int) -> None:
        self.side_dock.show()
        self.side_tabs.setCurrentIndex(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # the window manager's frame is known once shown
            self._fitted = True
            fit_to_screen(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_ctl.import_paths(paths)

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
        if progress.message or progress.phase:
            name = Path(progress.message).name if "/" in progress.message else progress.message
            doing = ": ".join(filter(None, [progress.phase.capitalize(), name[:40]]))
            self.job_label.setText(f"{self.job_label.text().split(' — ')[0]} — {doing}")

    def _job_ended(self, _job: LibraryJob) -> None:
        if not self.jobs.busy:
            for widget in (self.job_label, self.progress, self.cancel_button):
                widget.hide()

    def cancel_jobs(self) -> None:
        self.jobs.cancel_all()
        self.cancel_button.setEnabled(False)
        self.job_label.setText("Cancelling… (finishing the current file)")

    def show_status(self, message: str, timeout: int = STATUS_MS) -> None:
        self.statusBar().showMessage(message, timeout)

    def warn(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # (dialogs' Python types load when needed)

        QMessageBox.warning(self, "Briefing Reader", message)

    # -- theme --------------------------------------------------------------------------

    def set_theme(self, mode: str) -> None:
        self.theme_mode = mode
        self.theme_actions[mode].setChecked(True)
        self.colors = apply_theme(_app(), resolve_dark(mode))
        self._apply_colors()

    def toggle_theme(self) -> None:
        self.set_theme("light" if self.colors.dark else "dark")

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.theme_mode == "system":
            self.set_theme("system")

    def _apply_colors(self) -> None:
        self.reader_pane.set_colors(self.colors)
        self.claims_panel.set_colors(self.colors)
        self.notes_panel.set_colors(self.colors)
        if self.side_tabs.is_built(ENTITIES_TAB):  # else it takes them when it is built
            self.entities_panel.set_colors(self.colors)
        self.search_pane.set_colors(self.colors)

    # -- help ---------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        return shortcut_rows(self)

    def show_shortcuts(self) -> None:
        from briefing_reader.gui.dialogs import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_query_help(self) -> None:
        from briefing_reader.gui.dialogs import show_query_help

        show_query_help(self)

    def show_about(self) -> None:
        from briefing_reader.gui.dialogs import show_about

        show_about(self, self.library_folder)

    def open_library_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library_folder)))

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        settle_collection()  # (closed before its first listing)
        self.notes_panel.flush()  # a note being typed is saved before the jobs stop
        self.save_settings()
        self.closing = True
        self.jobs.shutdown()
        self.reader.shutdown()
        super().closeEvent(event)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
