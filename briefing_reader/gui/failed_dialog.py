"""The documents whose analysis failed, why, and a way to retry them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.core.model import AnalysisFailure


class FailedAnalysesDialog(QDialog):
    """Lists failed analyses; "Retry Analysis" calls ``retry`` with the listed ids."""

    def __init__(
        self,
        failures: list[AnalysisFailure],
        retry: Callable[[list[int]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Documents not analysed")
        self.setAccessibleName("Documents whose analysis failed")
        text = (
            f"{len(failures)} document(s) could not be analysed. They are stored and "
            "searchable, without entities and claims; imports leave them alone."
            if failures
            else "Every document has been analysed."
        )
        label = QLabel(text, self)
        label.setWordWrap(True)
        table = QTableWidget(len(failures), 3, self)
        table.setAccessibleName("Documents not analysed")
        table.setHorizontalHeaderLabels(["Id", "Title", "Reason"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, failure in enumerate(failures):
            table.setItem(row, 0, QTableWidgetItem(str(failure.document_id)))
            table.setItem(row, 1, QTableWidgetItem(failure.title))
            table.setItem(row, 2, QTableWidgetItem(failure.reason))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry_button = buttons.addButton(
            "Retry Analysis", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.retry_button.setEnabled(bool(failures))
        ids = [failure.document_id for failure in failures]
        self.retry_button.clicked.connect(lambda: (retry(ids), self.accept()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.table = table
        self.resize(760, 360)
