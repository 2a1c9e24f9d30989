"""Bringing documents in: import files and folders (menu, drop, first start), analyse."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from briefing_reader.gui.dialogs import ImportReportDialog

if TYPE_CHECKING:
    from briefing_reader.app.importing import ImportResult
    from briefing_reader.app.progress import CancelToken, ProgressCallback
    from briefing_reader.core.library import Library
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob

IMPORT_FILTER = "Documents (*.txt *.text *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"


class ImportController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def ask_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import files", "", IMPORT_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], first_start: bool = False) -> LibraryJob:
        from briefing_reader.app.importing import import_paths

        window = self.window

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> ImportResult:
            return import_paths(library, paths, progress, cancel)

        def done(result: ImportResult) -> None:
            summary = result.summary()
            if first_start:
                summary = f"Sample articles imported: {summary}"
            window.show_status(summary, 16_000)
            if result.failed:
                dialog = ImportReportDialog(result, window)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                window.import_report = dialog
                dialog.open()

        names = ", ".join(p.name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        title = "Importing the sample articles" if first_start else f"Importing {names}"
        return window.operations.run_long(title, call, done)

    def analyse_documents(self, doc_id: int) -> LibraryJob:
        """Find entities and claims in a document imported without them."""
        from briefing_reader.app.analysing import reanalyse

        window = self.window

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> object:
            return reanalyse(library, [doc_id], progress=progress, cancel=cancel)

        def done(result: object) -> None:
            count = len(getattr(result, "analysed", []))
            window.show_status(f"Analysed {count} document(s).")

        return window.operations.run_long("Analysing…", call, done)
