"""The reading pane: label legend, analysis notice, find bar and the reading view, stacked."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.gui.flow_layout import FlowLayout
from briefing_reader.gui.labels import short_name
from briefing_reader.gui.reading_view import ReadingView
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from PySide6.QtWidgets import QToolButton

    from briefing_reader.app.reading import Reading
    from briefing_reader.gui.find_bar import FindBar

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
        from PySide6.QtWidgets import QToolButton  # (its Python type: with the first document)

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


class AnalysisNotice(QWidget):
    """Says a document has no analysis, or one from an earlier version, and offers it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(NOT_ANALYSED, self)
        self.message.setWordWrap(True)
        self.button = QPushButton("Analyse now", self)
        self.button.setAccessibleName("Analyse this document")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.button)
        self.hide()


class ReaderPane(QWidget):
    """Legend on top, then the analysis notice, the find bar and the reading view.

    The notice and the find bar are built the first time they are needed: the first
    screen shows neither.
    """

    analyseRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ReadingView(self)
        self.legend = LabelLegend(self)
        self._notice: AnalysisNotice | None = None
        self._find_bar: FindBar | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.legend)
        self._layout.addWidget(self.view, 1)
        self.legend.toggled.connect(self.view.set_hidden_labels)

    @property
    def notice(self) -> AnalysisNotice:
        """Below the legend; built the first time a document needs it."""
        if self._notice is None:
            self._notice = AnalysisNotice(self)
            self._notice.button.clicked.connect(self._analyse_clicked)
            self._layout.insertWidget(self._layout.indexOf(self.legend) + 1, self._notice)
        return self._notice

    @property
    def find_bar(self) -> FindBar:
        """Above the reading view; built the first time it is asked for."""
        if self._find_bar is None:
            from briefing_reader.gui.find_bar import FindBar

            self._find_bar = FindBar(self.view, self)
            self._layout.insertWidget(self._layout.indexOf(self.view), self._find_bar)
        return self._find_bar

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
        if self._find_bar is not None and self._find_bar.isVisible():
            self._find_bar.search(self._find_bar.field.text())

    def _show_notice(self, reading: Reading | None) -> None:
        """Say when the document has no analysis, or one from an earlier version."""
        needed = reading is not None and (not reading.analysed or reading.outdated)
        if not needed and self._notice is None:
            return
        notice = self.notice
        if reading is not None and reading.outdated:
            notice.message.setText(
                "This document was analysed by an earlier version: its entities and key "
                "claims may differ from what the current analysis finds."
            )
            notice.button.setText("Analyse again")
        else:
            notice.message.setText(NOT_ANALYSED)
            notice.button.setText("Analyse now")
        notice.setVisible(needed)
        notice.button.setEnabled(True)

    def _analyse_clicked(self) -> None:
        if self.view.reading is not None:
            self.notice.button.setEnabled(False)
            self.analyseRequested.emit(self.view.reading.document.id)

    def set_colors(self, colors: Colors) -> None:
        self.view.set_colors(colors)
        if self.view.reading is not None:
            self.legend.set_counts(Counter(m.label for m in self.view.reading.mentions), colors)
