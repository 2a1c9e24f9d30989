"""Small dialogs: failed imports, keyboard shortcuts, about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from briefing_reader.app.importing import ImportResult


class ImportReportDialog(QDialog):
    """What an import did, with every failed file and its reason."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished with problems")
        self.setAccessibleName("Import report")
        summary = QLabel(result.summary(), self)
        if result.analysis_failed:
            summary.setText(
                result.summary() + ". Documents not analysed are listed under "
                "File → Documents Not Analysed."
            )
        summary.setWordWrap(True)
        table = QTableWidget(len(result.failed), 2, self)
        table.setAccessibleName("Files that could not be imported")
        table.setHorizontalHeaderLabels(["File", "Reason"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for row, failure in enumerate(result.failed):
            table.setItem(row, 0, QTableWidgetItem(failure.path))
            table.setItem(row, 1, QTableWidgetItem(failure.reason))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(QLabel(f"{len(result.failed)} file(s) could not be imported:", self))
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.table = table
        self.resize(760, 360)


class ShortcutsDialog(QDialog):
    """Every shortcut the window defines, read from its actions."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(rows), 2, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (action, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(action))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(460, 520)


class ColourMeaningsDialog(QDialog):
    """One field per highlight colour: what the reader means by it."""

    def __init__(self, palette: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Highlight colours")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for colour, meaning in palette:
            field = QLineEdit(meaning, self)
            field.setAccessibleName(f"Meaning of {colour}")
            self.fields[colour] = field
            form.addRow(colour.capitalize(), field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What each highlight colour means to you:", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def meanings(self) -> dict[str, str]:
        return {colour: field.text().strip() for colour, field in self.fields.items()}
