"""Find in the open document: every match marked, the current one stronger, with a count.

Its own module, built the first time it is asked for (Ctrl+F, F3): the first screen does
not show it, and its widgets and Qt types need not be made before that screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

if TYPE_CHECKING:
    from briefing_reader.gui.reading_view import ReadingView

#: Find stops counting (and marking) matches past this many.
FIND_LIMIT = 2000


class FindBar(QWidget):
    """Find in document: every match marked, the current one stronger, with a count."""

    def __init__(self, view: ReadingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in document")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setAccessibleName("Find matches")
        self.previous_button = QToolButton(self)
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.previous_button.setAccessibleName("Previous match")
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (F3, Enter)")
        self.next_button.setAccessibleName("Next match")
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close find bar")
        for widget in (self.field, self.count, self.previous_button, self.next_button, close):
            layout.addWidget(widget)
        layout.setStretch(0, 1)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.next)
        self.next_button.clicked.connect(self.next)
        self.previous_button.clicked.connect(self.previous)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field, self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.field, self.previous)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.matches = []
        self.view.set_find_selections([])
        self.view.setFocus()

    def search(self, text: str) -> None:
        """Mark every match of ``text`` (case-insensitive) and go to the first."""
        self.matches = []
        document = self.view.document()
        if text:
            cursor = QTextCursor(document)
            while len(self.matches) < FIND_LIMIT:
                cursor = document.find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self.matches.append((cursor.selectionStart(), cursor.selectionEnd()))
        self.current = 0 if self.matches else -1
        self._show()

    def next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._show()

    def previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._show()

    def _show(self) -> None:
        colors = self.view.colors
        selections = []
        for number, (start, end) in enumerate(self.matches):
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            current = number == self.current
            selection.format.setBackground(QColor(colors.find_current if current else colors.find))
            selections.append(selection)
        self.view.set_find_selections(selections)
        if self.current >= 0:
            start, end = self.matches[self.current]
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
            more = "+" if len(self.matches) >= FIND_LIMIT else ""
            self.count.setText(f"{self.current + 1} of {len(self.matches)}{more}")
        else:
            self.count.setText("No matches" if self.field.text() else "")
