"""List rows drawn from small HTML fragments (results, claims, mentions).

Item views paint plain text only; a delegate that lays out a ``QTextDocument`` per
row gives bold titles, muted metadata and highlighted snippet words while the
views stay ordinary ``QListView``/``QListWidget`` with keyboard navigation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

#: Item data role holding the row's HTML.
HTML_ROLE = Qt.ItemDataRole.UserRole + 100
PADDING = 6
#: Laid-out rows kept per view: a row is measured, then painted, and measured again when
#: the list relayouts (a page appended, the selection moved); about two screens' worth.
CACHED_ROWS = 120

Index = QModelIndex | QPersistentModelIndex


def esc(text: str | None) -> str:
    """``text`` safe inside HTML text, as ``html.escape(text, quote=False)`` makes it: the
    ``html`` module loads its table of 2,231 named characters on import (2 ms of the start),
    to escape three."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def viewport_width(view: QAbstractScrollArea) -> int:
    """The width ``view.viewport()`` has, without asking for the viewport: PySide resolves
    its type the first time by initialising every QWidget subclass (10–15 ms), which the
    first listing would pay when it measures its first row."""
    width = view.maximumViewportSize().width()
    bar = view.verticalScrollBar()
    as_needed = view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    if as_needed and bar.isVisibleTo(view):  # (always on: already left out above)
        width -= bar.width()
    return width


class RichTextDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` data, wrapped to the view's width.

    Laying out a row's HTML is the costly part, and a view asks for the same row
    several times (its size, then its paint); the last :data:`CACHED_ROWS` layouts are
    kept, keyed by what decides them (the HTML, the width, the font).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._laid_out: OrderedDict[tuple[str, int, str], QTextDocument] = OrderedDict()

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        markup = str(index.data(HTML_ROLE) or esc(str(index.data() or "")))
        width = option.rect.width()
        if width <= 0 and isinstance(option.widget, QAbstractScrollArea):
            width = viewport_width(option.widget)
        key = (markup, max(120, width), option.font.key())
        doc = self._laid_out.get(key)
        if doc is not None:
            self._laid_out.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDocumentMargin(PADDING)
        doc.setDefaultFont(option.font)
        doc.setHtml(markup)
        doc.setTextWidth(key[1])
        self._laid_out[key] = doc
        if len(self._laid_out) > CACHED_ROWS:
            self._laid_out.popitem(last=False)
        return doc

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # the row's HTML is drawn in its place

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        view = option.widget
        selected = isinstance(view, QAbstractItemView) and view.selectionModel().isSelected(index)
        highlight = option.palette.color(QPalette.ColorRole.Highlight)
        background = option
        if selected:
            # A soft tint with a bar keeps the row's own colours (muted metadata,
            # highlighted words) readable, where the full selection colour would not be:
            # the style draws the row with a selection that fills nothing (its focus frame
            # keeps the selection colour). Drawn by the base class, so that the first
            # listing loads no QStyle from Python (its enums cost ~10 ms to create).
            background = QStyleOptionViewItem(option)
            palette = QPalette(option.palette)
            palette.setBrush(QPalette.ColorRole.Highlight, QBrush(highlight, Qt.BrushStyle.NoBrush))
            background.palette = palette
        super().paint(painter, background, index)
        if selected:
            tint = QColor(highlight)
            tint.setAlpha(60)
            bar = QRect(option.rect.left(), option.rect.top(), 3, option.rect.height())
            # Rectangles with no pen fill what fillRect would; fillRect's overloads take a
            # QGradient.Preset, which creates QGradient's five Python enums (1.5 ms).
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRect(option.rect)
            painter.setBrush(highlight)
            painter.drawRect(bar)
            painter.restore()
        self._draw_html(painter, option, index)

    def _draw_html(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
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
        """The row's height at the view's width (its ideal width would cost another pass
        over the layout, and rows span the view anyway)."""
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.textWidth()), int(doc.size().height()))
