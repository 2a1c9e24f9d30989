"""List rows drawn from small HTML fragments (results, claims, mentions).

Item views paint plain text only; a delegate that lays out a ``QTextDocument`` per
row gives bold titles, muted metadata and highlighted snippet words while the
views stay ordinary ``QListView``/``QListWidget`` with keyboard navigation.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Item data role holding the row's HTML.
HTML_ROLE = Qt.ItemDataRole.UserRole + 100
PADDING = 6

Index = QModelIndex | QPersistentModelIndex


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def marked(text: str, spans: Sequence[tuple[int, int]], style: str) -> str:
    """``text`` escaped, with each span wrapped in a styled ``<span>``."""
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(esc(text[last:start]))
        out.append(f'<span style="{style}">{esc(text[start:end])}</span>')
        last = end
    out.append(esc(text[last:]))
    return "".join(out)


class RichTextDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` data, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(PADDING)
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or esc(str(index.data() or ""))))
        width = option.rect.width()
        if width <= 0 and option.widget is not None:
            width = option.widget.viewport().width()  # type: ignore[attr-defined]
        doc.setTextWidth(max(120, width))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.text = ""
        if selected:
            # A soft tint with a bar keeps the row's own colours (muted metadata,
            # highlighted words) readable, where the full selection colour would not be.
            option.state &= ~QStyle.StateFlag.State_Selected
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if selected:
            tint = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(60)
            painter.fillRect(option.rect, tint)
            bar = QRect(option.rect.left(), option.rect.top(), 3, option.rect.height())
            painter.fillRect(bar, option.palette.color(QPalette.ColorRole.Highlight))
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(
            QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text)
        )
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))
