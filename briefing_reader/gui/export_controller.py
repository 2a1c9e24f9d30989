"""Getting notes out: Markdown export with a preview, and W3C annotation JSON both ways."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from briefing_reader.app.exporting import ExportResult
    from briefing_reader.app.progress import CancelToken, ProgressCallback
    from briefing_reader.core.library import Library
    from briefing_reader.gui.export_dialog import ExportDialog
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob

W3C_FILTER = "W3C Web Annotation JSON (*.json)"


class ExportController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def ask_export(self) -> ExportDialog:
        from briefing_reader.app.exporting import preview

        window = self.window
        results = [hit.id for hit in window.search_pane.model.hits]
        tags = window.notes_panel.known_tags()
        folder = Path(str(window.settings.value("export/folder", Path.home() / "Briefing notes")))
        from briefing_reader.gui.export_dialog import ExportDialog

        dialog = ExportDialog(window.reading_ctl.open_id, results, tags, folder, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def show_preview(choice: dict) -> None:
            window.reader.submit(
                lambda library: preview(
                    library, choice["doc_ids"], choice["tag"], choice["combined"]
                ),
                lambda text: dialog.show_preview(text) if dialog.isVisible() else None,
                lambda message: dialog.show_problem(message) if dialog.isVisible() else None,
            )

        dialog.previewWanted.connect(show_preview)
        dialog.exportWanted.connect(self.export_notes)
        window.export_dialog = dialog
        dialog.open()
        show_preview(dialog.choice())
        return dialog

    def export_notes(self, choice: dict, force: bool = False) -> LibraryJob:
        from briefing_reader.app.exporting import export_notes

        window = self.window
        target: Path = choice["target"]
        window.settings.setValue(
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

        def done(result: ExportResult) -> None:
            foreign = [f for f in result.failed if "not written by Briefing Reader" in f.reason]
            window.show_status(result.summary(), 16_000)
            if foreign and not force and self.confirm_overwrite([f.path for f in foreign]):
                self.export_notes(choice, force=True)
            elif result.failed and not foreign:
                window.warn("\n".join(f"{f.path}: {f.reason}" for f in result.failed))

        return window.operations.run_long("Exporting notes…", call, done)

    def confirm_overwrite(self, paths: list[str]) -> bool:
        """Ask before replacing files the export did not write."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.window,
            "Replace files?",
            "These files were not written by Briefing Reader; replacing them loses their "
            "content:\n\n" + "\n".join(paths[:10]) + "\n\nReplace them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_export_w3c(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export annotations", "annotations.json", W3C_FILTER
        )
        if path:
            from briefing_reader.app.interchange import export_w3c

            self.window.operations.run(
                "Exporting annotations…",
                lambda library: export_w3c(library, Path(path)),
                lambda count: self.window.show_status(f"{count} annotation(s) written to {path}"),
            )

    def ask_import_w3c(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import annotations", "", f"{W3C_FILTER};;All files (*)"
        )
        if path:
            from briefing_reader.app.interchange import import_w3c

            def done(result: Any) -> None:
                self.window.show_status(f"{result.summary()} from {path}", 16_000)
                if result.failed:
                    QMessageBox.warning(
                        self.window, "Import annotations", "\n".join(result.failed[:20])
                    )

            self.window.operations.run(
                "Importing annotations…", lambda library: import_w3c(library, Path(path)), done
            )
