"""The side panel's tabs, and the panels that are built only when first needed.

The Entities tab shows nothing before a document is open, and building it (its
widgets, its module) is part of what the window's start waits for; so it is built the
first time its tab is shown or something asks for it. (The Notes tab is built at once:
its minimum width is the dock's, which must not jump when the tab first shows.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from briefing_reader.gui.entities_panel import EntitiesPanel
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.notes_panel import NotesPanel

ENTITIES_TAB = 1


class LazyTabs(QTabWidget):
    """Tabs whose pages are built the first time they are shown or asked for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self.currentChanged.connect(self.page)

    def add_lazy(self, title: str, build: Callable[[], QWidget]) -> int:
        """A tab showing an empty page until ``build()`` makes the real one."""
        index = self.addTab(QWidget(self), title)
        self._builders[index] = build
        return index

    def is_built(self, index: int) -> bool:
        return index not in self._builders

    def page(self, index: int) -> QWidget:
        """The page of tab ``index``, built now if it was not yet."""
        build = self._builders.pop(index, None)
        if build is None:
            return self.widget(index)
        page = build()
        placeholder, current, title = self.widget(index), self.currentIndex(), self.tabText(index)
        blocked = self.blockSignals(True)  # the same tab stays current: nothing changed
        self.removeTab(index)
        self.insertTab(index, page, title)
        self.setCurrentIndex(current)
        self.blockSignals(blocked)
        placeholder.deleteLater()
        return page


def build_entities_panel(window: MainWindow) -> EntitiesPanel:
    from briefing_reader.gui.entities_panel import EntitiesPanel

    panel = EntitiesPanel(window)
    reading, entities = window.reading_ctl, window.entities_ctl
    panel.mentionActivated.connect(reading.go_to_span)
    panel.documentActivated.connect(reading.open_document)
    panel.entitySelected.connect(reading.load_entity_documents)
    panel.correctionRequested.connect(entities.request_correction)
    panel.set_colors(window.colors)
    return panel


def build_notes_panel(window: MainWindow) -> NotesPanel:
    from briefing_reader.gui.notes_panel import NotesPanel

    panel = NotesPanel(window)
    notes = window.notes_ctl
    panel.annotationActivated.connect(notes.go_to_annotation)
    panel.scopeChanged.connect(lambda _scope: notes.load_notes())
    panel.saveRequested.connect(notes.save_annotation)
    panel.deleteRequested.connect(notes.delete_annotation)
    panel.set_colors(window.colors)
    return panel
