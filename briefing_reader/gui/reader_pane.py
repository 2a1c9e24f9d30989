"""The reading pane: label legend, find bar and the reading view, stacked."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.gui.flow_layout import FlowLayout
from briefing_reader.gui.labels import short_name
from briefing_reader.gui.reading_view import ReadingView
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from briefing_reader.app.reading import Reading

#: Find stops counting (and marking) matches past this many.
FIND_LIMIT = 2000
NOT_ANALYSED = "This document has not been analysed yet, so it shows no entities or claims."


class LabelLegend(QWidget):
    """One toggle per entity label present in the document, in its highlight colour."""

    toggled = Signal(set)  # the labels now hidden

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Entity labels")
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self.hidden: set[str] = set()
        self.buttons: dict[str, QToolButton] = {}
        self.colors: Colors = LIGHT

    def set_counts(self, counts: Counter[str], colors: Colors) -> None:
        self.colors = colors
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        if counts:
            title = QLabel("Entities:")
            title.setForegroundRole(title.foregroundRole())
            self._layout.addWidget(title)
        for name in LABELS:
            if not counts.get(name):
                continue
            label = LABELS[name]
            button = QToolButton(self)
            button.setCheckable(True)
            button.setChecked(name not in self.hidden)
            button.setText(f"{short_name(name)} {counts[name]}".replace("&", "&&"))
            button.setToolTip(f"{label.description} ({name}): show or hide their highlights")
            button.setAccessibleName(f"Highlight {label.description}")
            button.setAutoRaise(True)
            button.toggled.connect(lambda on, name=name: self._toggle(name, on))
            self.buttons[name] = button
            self._style(name)
            self._layout.addWidget(button)

    def _style(self, name: str) -> None:
        button = self.buttons[name]
        colour = self.colors.label(name)
        text = "#ffffff" if self.colors.dark else "#1d1f21"
        if button.isChecked():
            button.setStyleSheet(
                f"QToolButton {{ background: {colour}; color: {text}; border-radius: 4px;"
                " padding: 1px 6px; }"
            )
        else:
            button.setStyleSheet(
                f"QToolButton {{ border: 1px dashed {colour}; border-radius: 4px;"
                " padding: 0px 5px; text-decoration: line-through; }"
            )

    def _toggle(self, name: str, on: bool) -> None:
        if on:
            self.hidden.discard(name)
        else:
            self.hidden.add(name)
        self._style(name)
        self.toggled.emit(set(self.hidden))


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


class ReaderPane(QWidget):
    """Legend on top, then the find bar and the reading view."""

    analyseRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ReadingView(self)
        self.legend = LabelLegend(self)
        self.find_bar = FindBar(self.view, self)
        self.notice = QWidget(self)
        self.notice_text = QLabel(NOT_ANALYSED, self.notice)
        self.notice_text.setWordWrap(True)
        self.analyse_button = QPushButton("Analyse now", self.notice)
        self.analyse_button.setAccessibleName("Analyse this document")
        self.analyse_button.clicked.connect(self._analyse_clicked)
        notice_layout = QHBoxLayout(self.notice)
        notice_layout.setContentsMargins(12, 4, 12, 4)
        notice_layout.addWidget(self.notice_text, 1)
        notice_layout.addWidget(self.analyse_button)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.legend)
        layout.addWidget(self.notice)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.legend.toggled.connect(self.view.set_hidden_labels)

    def show_reading(self, reading: Reading | None, keep_position: bool = False) -> None:
        """Show ``reading``; ``keep_position`` stays where the reader is (same document)."""
        position = self.view.reading_position() if keep_position else None
        self.view.show_reading(reading)
        self.view.restore_position(position)
        counts: Counter[str] = Counter()
        if reading is not None:
            counts.update(m.label for m in reading.mentions)
        self.legend.set_counts(counts, self.view.colors)
        self._show_notice(reading)
        if reading is not None and reading.term_spans and not keep_position:
            self.view.reveal_first(reading.term_spans[0])
        if self.find_bar.isVisible():
            self.find_bar.search(self.find_bar.field.text())

    def _show_notice(self, reading: Reading | None) -> None:
        """Say when the document has no analysis, or one from an earlier version."""
        if reading is not None and reading.outdated:
            self.notice_text.setText(
                "This document was analysed by an earlier version: its entities and key "
                "claims may differ from what the current analysis finds."
            )
            self.analyse_button.setText("Analyse again")
        else:
            self.notice_text.setText(NOT_ANALYSED)
            self.analyse_button.setText("Analyse now")
        self.notice.setVisible(reading is not None and (not reading.analysed or reading.outdated))
        self.analyse_button.setEnabled(True)

    def _analyse_clicked(self) -> None:
        if self.view.reading is not None:
            self.analyse_button.setEnabled(False)
            self.analyseRequested.emit(self.view.reading.document.id)

    def set_colors(self, colors: Colors) -> None:
        self.view.set_colors(colors)
        if self.view.reading is not None:
            self.legend.set_counts(Counter(m.label for m in self.view.reading.mentions), colors)
