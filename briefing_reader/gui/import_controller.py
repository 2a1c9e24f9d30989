"""Bringing documents in: import files and folders (menu, drop, first start), analyse."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

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
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self.window, "Import files", "", IMPORT_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def ask_import_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(
        self, paths: list[Path], first_start: bool = False, samples: Path | None = None
    ) -> LibraryJob:
        """Import in the background; ``samples`` come first when the library is empty."""
        from briefing_reader.app.importing import import_with_samples

        window = self.window

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> ImportResult:
            return import_with_samples(library, paths, samples, progress, cancel)

        def done(result: ImportResult) -> None:
            summary = result.summary()
            if first_start:
                summary = f"Sample articles imported: {summary}"
            window.show_status(summary, 16_000)
            if result.failed or result.analysis_failed:
                from briefing_reader.gui.dialogs import ImportReportDialog

                dialog = ImportReportDialog(result, window)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                window.import_report = dialog
                dialog.open()

        names = ", ".join(p.name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        title = "Importing the sample articles" if first_start else f"Importing {names}"
        return window.operations.run_long(title, call, done)

    def import_at_start(self, paths: list[Path]) -> LibraryJob:
        """Files named on the command line. On an empty library the samples come with them:
        once the files are in, the first listing could no longer tell it was empty."""
        window = self.window
        samples = window.seeds if not window.seeded else None
        window.seeded = window.seeded or samples is not None
        return self.import_paths(paths, samples=samples)

    def show_failed_analyses(self) -> None:
        """List the documents whose analysis failed, with a way to retry them."""
        from briefing_reader.gui.failed_dialog import FailedAnalysesDialog

        window = self.window

        def done(failures: object) -> None:
            dialog = FailedAnalysesDialog(failures, self.analyse_documents, window)  # type: ignore[arg-type]
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.failed_dialog = dialog
            dialog.open()

        window.reader.submit(lambda library: library.failures.list(), done)

    def analyse_documents(self, doc_ids: int | list[int]) -> LibraryJob:
        """Find entities and claims in documents imported without them (or that failed)."""
        from briefing_reader.app.analysing import reanalyse

        window = self.window
        ids = [doc_ids] if isinstance(doc_ids, int) else list(doc_ids)

        def call(library: Library, progress: ProgressCallback, cancel: CancelToken) -> object:
            return reanalyse(library, ids, progress=progress, cancel=cancel)

        def done(result: object) -> None:
            count = len(getattr(result, "analysed", []))
            failed = len(getattr(result, "failed", {}))
            again = f", {failed} failed again" if failed else ""
            window.show_status(f"Analysed {count} document(s){again}.")

        return window.operations.run_long("Analysing…", call, done)
