"""File → Export Notes: choose what and where, see the Markdown rendered, then export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class ExportDialog(QDialog):
    """Emits :attr:`previewWanted` when the choice changes and :attr:`exportWanted` on Export."""

    previewWanted = Signal(dict)
    exportWanted = Signal(dict)

    def __init__(
        self,
        current_doc: int | None,
        result_ids: list[int],
        tags: list[str],
        default_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export notes")
        self.current_doc = current_doc
        self.result_ids = result_ids
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("What to export")
        if current_doc is not None:
            self.scope.addItem("This document", "document")
        if result_ids:
            self.scope.addItem(f"The {len(result_ids)} documents in the result list", "results")
        if tags:
            self.scope.addItem("Documents with a tag", "tag")
        self.scope.addItem("The whole library", "all")
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Tag to export")
        self.tag.addItems(tags)
        self.per_document = QRadioButton("One file per document, in a folder", self)
        self.combined = QRadioButton("One combined file", self)
        self.per_document.setChecked(True)
        shape = QButtonGroup(self)
        shape.addButton(self.per_document)
        shape.addButton(self.combined)
        self.target = QLineEdit(str(default_folder), self)
        self.target.setAccessibleName("Where to export")
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose where to export")
        browse.clicked.connect(self._browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Export preview")
        self.preview.setOpenLinks(False)
        self.preview_note = QLabel(self)
        self.preview_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Export", self.scope)
        form.addRow("Tag", self.tag)
        form.addRow("As", self.per_document)
        form.addRow("", self.combined)
        form.addRow("To", target_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.buttons)
        self.scope.currentIndexChanged.connect(self._changed)
        self.tag.currentIndexChanged.connect(self._changed)
        self.combined.toggled.connect(self._shape_changed)
        self.resize(820, 720)
        self._changed()

    def choice(self) -> dict:
        scope = self.scope.currentData()
        ids: list[int] | None = None
        if scope == "document" and self.current_doc is not None:
            ids = [self.current_doc]
        elif scope == "results":
            ids = list(self.result_ids)
        return {
            "doc_ids": ids,
            "tag": self.tag.currentText() if scope == "tag" else None,
            "combined": self.combined.isChecked(),
            "target": Path(self.target.text()).expanduser(),
        }

    def _changed(self) -> None:
        self.tag.setEnabled(self.scope.currentData() == "tag")
        self.previewWanted.emit(self.choice())

    def _shape_changed(self, combined: bool) -> None:
        target = Path(self.target.text())
        if combined and target.suffix.lower() != ".md":
            self.target.setText(str(target / "briefing-notes.md"))
        elif not combined and target.suffix.lower() == ".md":
            self.target.setText(str(target.parent))
        self._changed()

    def show_preview(self, markdown_text: str) -> None:
        import markdown

        body = markdown_text
        if body.startswith("---\n") and "\n---\n" in body[4:]:
            body = body[body.index("\n---\n", 4) + 5 :]  # the front matter is shown as a note
        self.preview.setHtml(markdown.markdown(body))
        self.preview_note.setText(
            "Each file starts with YAML front matter (title, source, date, tags, entities). "
            "Whatever you write under “My notes” in an exported file is kept when you export again."
        )

    def show_problem(self, message: str) -> None:
        self.preview.setPlainText(message)

    def _browse(self) -> None:
        if self.combined.isChecked():
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to", self.target.text(), "Markdown (*.md)"
            )
        else:
            path = QFileDialog.getExistingDirectory(self, "Export into folder", self.target.text())
        if path:
            self.target.setText(path)
            self._changed()

    def _export(self) -> None:
        self.exportWanted.emit(self.choice())
        self.accept()
