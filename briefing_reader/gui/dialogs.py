"""Small dialogs: failed imports, keyboard shortcuts, colour meanings, query help, about."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_reader import __version__

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
    """Every shortcut the window defines, grouped by menu in menu order."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(0, 2, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        heading = None
        for group, action, keys in rows:
            if group != heading:
                heading = group
                row = table.rowCount()
                table.insertRow(row)
                title = QTableWidgetItem(group)
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                table.setItem(row, 0, title)
                table.setSpan(row, 0, 1, 2)
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(f"    {action}"))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        # Tall enough for the whole list where the screen allows it.
        height = table.verticalHeader().length() + table.horizontalHeader().height() + 90
        screen = parent.screen().availableGeometry().height() if parent is not None else 800
        self.resize(520, min(height, screen - 80))


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


def show_query_help(parent: QWidget) -> None:
    QMessageBox.information(
        parent,
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


def show_about(parent: QWidget, library_folder: Path) -> None:
    QMessageBox.about(
        parent,
        "About Briefing Reader",
        f"<b>Briefing Reader {__version__}</b><p>Read, search and annotate briefing "
        "material offline: entities, key claims and notes.</p>"
        f"<p>Library: <a href='{QUrl.fromLocalFile(str(library_folder)).toString()}'>"
        f"{library_folder}</a></p>",
    )
