"""The result list's model: pages of hits as rich text, fetched as the list scrolls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from briefing_reader.gui.labels import display_date
from briefing_reader.gui.richtext import HTML_ROLE, esc, marked
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from briefing_reader.core.search.results import SearchHit

PAGE_SIZE = 50
#: Rows of the window's first listing, from the database: more than a tall screen shows.
#: The rest of the page follows with its facets once the search code has loaded, rather
#: than being laid out (about 0.25 ms a row) before the first screen is usable.
FIRST_PAGE = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Search hits as rows; asks for the next page when the view scrolls to the end."""

    moreWanted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self.total = 0
        self.colors: Colors = LIGHT
        self.loading_more = False

    def reset(self, hits: list[SearchHit], total: int) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.total = total
        self.loading_more = False
        self.endResetModel()

    def append(self, hits: list[SearchHit]) -> None:
        known = {hit.id for hit in self.hits}
        new = [hit for hit in hits if hit.id not in known]
        self.loading_more = False
        if not new:
            self.total = len(self.hits)
            return
        self.beginInsertRows(QModelIndex(), len(self.hits), len(self.hits) + len(new) - 1)
        self.hits.extend(new)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == HTML_ROLE:
            return self._html(hit)
        if role == ID_ROLE:
            return hit.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}. {hit.source or ''} {display_date(hit.published)}"
        return None

    def _html(self, hit: SearchHit) -> str:
        colors = self.colors
        meta = " · ".join(x for x in (hit.source, display_date(hit.published)) if x)
        meta = meta or "Unknown source"
        snippet = marked(
            hit.snippet.text,
            hit.snippet.highlights,
            f"background:{colors.term}; color:{colors.term_text}; font-weight:600",
        )
        notes = ""
        if hit.annotations:
            first = hit.annotations[0]
            said = first.note.splitlines()[0] if first.note else f"“{first.exact}”"
            more = f" (+{len(hit.annotations) - 1} more)" if len(hit.annotations) > 1 else ""
            tags = " ".join(f"#{t}" for t in first.tags)
            notes = (
                f"<div style='font-size:small; color:{colors.kinds['reported']}'>"
                f"✎ {esc(said[:120])} {esc(tags)}{more}</div>"
            )
        return (
            f"<div style='font-weight:600'>{esc(hit.title)}</div>"
            f"<div style='color:{colors.muted}; font-size:small'>{esc(meta)}</div>"
            f"<div style='font-size:small'>{snippet}</div>{notes}"
        )

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.loading_more and len(self.hits) < self.total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.loading_more = True
            self.moreWanted.emit()
