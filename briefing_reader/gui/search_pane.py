"""The library and search pane: query box, sort, facets and results.

Typing searches after a short pause (debounced); an empty query lists the library,
newest first. The arrow keys in the query box move through the results and Enter
opens one, so reading a result list never needs the mouse. More results load as the
list scrolls to its end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.gui.results_model import PAGE_SIZE, ResultsModel
from briefing_reader.gui.richtext import RichTextDelegate, esc
from briefing_reader.gui.theme import Colors

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidgetItem

    from briefing_reader.core.search.results import SearchResults

DEBOUNCE_MS = 220
#: Result rows measured per turn of the event loop (a screenful: rows are 3–8 lines).
LAYOUT_BATCH = 8
FACET_TITLES = {
    "source": "Sources",
    "year": "Years",
    "person": "People",
    "org": "Organisations",
    "place": "Places",
}
FACET_ROLE = Qt.ItemDataRole.UserRole + 1


class FacetTree(QTreeWidget):
    """Facet values with counts; clicking one filters, clicking it again clears it."""

    filtersChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Filters")
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.filters: dict[str, str] = {}
        self._expanded: dict[str, bool] = {"source": True, "year": True, "person": True}
        self.itemClicked.connect(self._clicked)
        self.itemExpanded.connect(lambda item: self._remember(item, True))
        self.itemCollapsed.connect(lambda item: self._remember(item, False))

    def _remember(self, item: QTreeWidgetItem, expanded: bool) -> None:
        name = item.data(0, FACET_ROLE)
        if isinstance(name, str):
            self._expanded[name] = expanded

    def set_facets(self, facets: dict[str, list[tuple[str, int]]]) -> None:
        if not (self.topLevelItemCount() or self.filters or any(facets.values())):
            return  # none shown, none to show: the first listing comes before its facets
        from PySide6.QtWidgets import QTreeWidgetItem  # (its Python type: with the facets)

        self.clear()
        for name, title in FACET_TITLES.items():
            values = list(facets.get(name, []))
            chosen = self.filters.get(name)
            if chosen is not None and chosen not in {v for v, _ in values}:
                values.insert(0, (chosen, 0))
            if not values:
                continue
            group = QTreeWidgetItem(self, [title, ""])
            group.setData(0, FACET_ROLE, name)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for value, count in values:
                active = chosen == value
                shown = f"✓ {value}" if active else value
                child = QTreeWidgetItem(group, [shown, str(count) if count else ""])
                child.setData(0, FACET_ROLE, (name, value))
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                if active:
                    font = child.font(0)
                    font.setBold(True)
                    child.setFont(0, font)
                    child.setToolTip(0, "Click again to remove this filter")
                else:
                    child.setToolTip(0, f"Only results where {title.lower()} include {value}")
            group.setExpanded(self._expanded.get(name, False) or chosen is not None)
        self.resizeColumnToContents(1)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, FACET_ROLE)
        if not isinstance(data, tuple):
            return
        name, value = data
        if self.filters.get(name) == value:
            del self.filters[name]
        else:
            self.filters[name] = value
        self.filtersChanged.emit(dict(self.filters))

    def clear_filters(self) -> None:
        self.filters = {}
        self.filtersChanged.emit({})


class SearchPane(QWidget):
    """Emits :attr:`searchRequested` (debounced) and :attr:`documentChosen`."""

    searchRequested = Signal(str, dict, str, int)  # text, filters, sort, page
    documentChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText('Search: words, "phrases", person:austin, date:2024…')
        self.query.setAccessibleName("Search the library")
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip(
            'Plain words, "exact phrases", AND / OR / NOT, wildcards (deter*), fuzzy (word~),\n'
            "fields: title: source: person: org: place: entity: speaker: claim: date:2024"
        )
        self.sort = QComboBox(self)
        self.sort.setAccessibleName("Sort results")
        self.sort.addItem("Relevance", "relevance")
        self.sort.addItem("Newest first", "date")
        self.status = QLabel(self)
        self.status.setAccessibleName("Search status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(False)
        self.facets = FacetTree(self)
        self.model = ResultsModel(self)
        self.results = QListView(self)
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        # Rows are measured by laying out their HTML (a few ms each): a page of results is
        # measured a screenful at a time between events, so it shows and takes keys at once.
        self.results.setLayoutMode(QListView.LayoutMode.Batched)
        self.results.setBatchSize(LAYOUT_BATCH)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setAlternatingRowColors(True)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.sort)
        results_box = QWidget(self)
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.empty)
        results_layout.addWidget(self.results, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(results_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([180, 520])
        self.setMinimumWidth(280)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.request(page=1))
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._return_pressed)
        self.query.installEventFilter(self)
        self.sort.currentIndexChanged.connect(lambda _i: self.request(page=1))
        self.facets.filtersChanged.connect(lambda _f: self.request(page=1))
        self.status.linkActivated.connect(self._link)
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)
        self.model.moreWanted.connect(self._more)
        self.last_results: SearchResults | None = None
        self.page = 1

    # -- requests ---------------------------------------------------------------------

    def request(self, page: int = 1) -> None:
        self._timer.stop()
        self.page = page
        self.searchRequested.emit(
            self.query.text().strip(), dict(self.facets.filters), self.sort_key(), page
        )

    def sort_key(self) -> str:
        return str(self.sort.currentData())

    def _more(self) -> None:
        self.request(page=len(self.model.hits) // PAGE_SIZE + 1)

    def _return_pressed(self) -> None:
        if self._timer.isActive():
            self.request(page=1)
        elif self.model.hits:
            row = max(0, self.results.currentIndex().row())
            self._open_row(row)

    # -- answers ----------------------------------------------------------------------

    def show_results(self, results: SearchResults, current: int | None = None) -> None:
        """Show a page of results; the open document (``current``) stays selected."""
        self.last_results = results
        shown = len(self.model.hits)
        if results.page <= 1 and not self._continues_shown(results):
            self.model.reset(results.hits, results.total)
            if results.hits and not self.mark_current(current):
                self.results.setCurrentIndex(self.model.index(0))
        elif results.page <= 1:  # the rows shown stay, as do the selection and the scroll
            self.model.loading_more = False
            if len(results.hits) > shown:
                self.model.append(results.hits[shown:])
        else:
            self.model.append(results.hits)
        self.facets.set_facets(results.facets)
        self._status(results)

    def _continues_shown(self, results: SearchResults) -> bool:
        """The hits shown, maybe with more after them: the listing asked again for its
        facets and the rest of the page its first screen left out (see FIRST_PAGE)."""
        shown = self.model.hits
        return (
            bool(shown)
            and results.total == self.model.total
            and results.hits[: len(shown)] == shown[: len(results.hits)]
        )

    def show_busy(self, message: str) -> None:
        """Say what is happening instead of calling the library empty."""
        self.empty.setText(message)
        self.empty.show()
        self.results.hide()

    def mark_current(self, doc_id: int | None) -> bool:
        """Select the result of the open document, if it is listed."""
        row = self.row_of(doc_id)
        if row is None:
            self.results.clearSelection()
            return False
        self.results.setCurrentIndex(self.model.index(row))
        self.results.scrollTo(self.model.index(row))
        return True

    def row_of(self, doc_id: int | None) -> int | None:
        return next((n for n, hit in enumerate(self.model.hits) if hit.id == doc_id), None)

    def current_id(self) -> int | None:
        row = self.results.currentIndex().row()
        return self.model.hits[row].id if 0 <= row < len(self.model.hits) else None

    def title_of(self, doc_id: int) -> str | None:
        row = self.row_of(doc_id)
        return self.model.hits[row].title if row is not None else None

    def show_error(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c92a2a'>{esc(message)}</span>")
        self.model.loading_more = False

    def _status(self, results: SearchResults) -> None:
        parts: list[str] = []
        listing = not results.query
        noun = "document" if listing else "result"
        count = f"{results.total} {noun}{'s' if results.total != 1 else ''}"
        if self.facets.filters:
            chosen = ", ".join(self.facets.filters.values())
            count += f" · filtered by {esc(chosen)} (<a href='clear'>clear</a>)"
        parts.append(count)
        if results.suggestion:
            parts.append(
                f"Did you mean <a href='suggest:{esc(results.suggestion)}'>"
                f"{esc(results.suggestion)}</a>?"
            )
        parts += [f"<i>{esc(notice)}</i>" for notice in results.notices]
        self.status.setText("<br>".join(parts))
        self.empty.setVisible(not results.hits and results.page <= 1)
        self.results.setVisible(bool(results.hits) or results.page > 1)
        if listing and not self.facets.filters:
            self.empty.setText(
                "The library is empty. Import files with File → Import (Ctrl+O), "
                "or drop files onto the window."
            )
        else:
            self.empty.setText(
                "Nothing matches. Try fewer words, a wildcard (deter*) "
                "or a fuzzy word (deterence~)."
            )

    def _link(self, link: str) -> None:
        if link == "clear":
            self.facets.clear_filters()
        elif link.startswith("suggest:"):
            self.query.setText(link.removeprefix("suggest:"))
            self.request(page=1)

    # -- navigation -------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.hits):
            self.results.setCurrentIndex(self.model.index(row))
            self.documentChosen.emit(self.model.hits[row].id)

    def step(self, delta: int, open_it: bool = True) -> None:
        """Move the current result by ``delta`` rows (and open it)."""
        if not self.model.hits:
            return
        row = self.results.currentIndex().row()
        row = min(len(self.model.hits) - 1, max(0, (row if row >= 0 else -1) + delta))
        self.results.setCurrentIndex(self.model.index(row))
        self.results.scrollTo(self.model.index(row))
        if open_it:
            self._open_row(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key == Qt.Key.Key_Down:
                self.step(1, open_it=False)
                return True
            if key == Qt.Key.Key_Up:
                self.step(-1, open_it=False)
                return True
        return super().eventFilter(watched, event)

    def set_colors(self, colors: Colors) -> None:
        self.model.colors = colors
        self.model.layoutChanged.emit()
