"""The reading view: a document at a comfortable measure with its marks.

The QTextDocument holds a header (title, metadata line) and then the document's
text exactly, one block per line, so a core offset maps to a Qt position as
``body_start + utf16(offset)`` (see :mod:`positions`). Mentions show their
canonical name on hover and open the entity on click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit, QWidget

from briefing_reader.core.analysis.labels import LABELS
from briefing_reader.gui.note_bands import note_bands
from briefing_reader.gui.positions import Utf16Offsets
from briefing_reader.gui.reading_document import write_reading
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    # The menu's, the mouse's and the tooltip's Python types are made when first used:
    # the first screen needs none of them.
    from PySide6.QtGui import QContextMenuEvent, QIcon, QMouseEvent
    from PySide6.QtWidgets import QMenu

    from briefing_reader.app.reading import Reading
    from briefing_reader.core.model import Annotation, ResolvedMention
    from briefing_reader.gui.highlighter import ReadingHighlighter

#: Characters per line the text column aims at.
MEASURE = 70
DEFAULT_POINT_SIZE = 12
MIN_POINT_SIZE, MAX_POINT_SIZE = 8, 32
FLASH_MS = 1400


def _swatch(colour: str) -> QIcon:
    from PySide6.QtGui import QIcon, QPixmap

    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ReadingView(QTextEdit):
    """Read-only text with entity highlights, query words, claim underlines and find."""

    entityActivated = Signal(str, str)  # label, canonical
    #: The user asked to highlight [start, end) in a colour; the bool asks for a note too.
    highlightRequested = Signal(int, int, str, bool)
    annotationActivated = Signal(str)  # an annotation's uid
    renameRequested = Signal()  # the heading was double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Document text")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setPlaceholderText("Choose a document from the list to read it here.")
        #: Hovering marks needs mouse tracking on the viewport, turned on with the first
        #: document: PySide resolves ``viewport()``'s type the first time it is asked for, by
        #: initialising every QWidget subclass (10–15 ms), which the first screen need not pay.
        self._tracking = False
        self.colors: Colors = LIGHT
        self.point_size = DEFAULT_POINT_SIZE
        self.hidden_labels: set[str] = set()
        self.show_claims = False
        self.reading: Reading | None = None
        self.body_start = 0
        self.offsets = Utf16Offsets("")
        self.flash_span: tuple[int, int] | None = None
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        self._flash_selections: list[QTextEdit.ExtraSelection] = []
        self._mention_marks: list[tuple[int, int, ResolvedMention]] = []
        self._own_document: QTextDocument | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self._highlighter: ReadingHighlighter | None = None  # with the first document
        self._apply_font()

    # -- content --------------------------------------------------------------------

    def show_reading(self, reading: Reading | None) -> None:
        """Lay out ``reading`` (or nothing) and paint its marks."""
        self.reading = reading
        self._find_selections = []
        self._flash_selections = []
        self.flash_span = None
        document = QTextDocument(self)
        document.setDefaultFont(self.font())
        document.setDocumentMargin(8)
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
        if reading is None:
            self._replace_document(document)
            if self._highlighter is not None:
                self._highlighter.setDocument(document)
            self._update_extra_selections()
            return
        if not self._tracking:
            self._tracking = True
            self.viewport().setMouseTracking(True)
        self.body_start = write_reading(document, reading, self.point_size, self.colors)
        self.offsets = Utf16Offsets(reading.document.text)
        self._replace_document(document)
        self._configure_marks()
        self._marker().setDocument(document)
        self._marker().rehighlight()  # now, not on the next event loop turn
        self._update_extra_selections()
        self.verticalScrollBar().setValue(0)

    def _replace_document(self, document: QTextDocument) -> None:
        """Show ``document``; free the one this view made before (Qt frees its own)."""
        old, self._own_document = self._own_document, document
        self.setDocument(document)
        if old is not None:
            old.deleteLater()

    def _marker(self) -> ReadingHighlighter:
        """The highlighter, made with the first document: the first screen needs neither
        its module nor Qt's ``QSyntaxHighlighter`` type."""
        if self._highlighter is None:
            from briefing_reader.gui.highlighter import ReadingHighlighter

            self._highlighter = ReadingHighlighter(self)
        return self._highlighter

    def _configure_marks(self) -> None:
        if self.reading is None and self._highlighter is None:
            return  # nothing was ever marked
        from briefing_reader.gui.highlighter import reading_marks

        marks, self._mention_marks = reading_marks(self.reading, self.to_qt)
        self._marker().configure(marks, self.colors, self.hidden_labels, self.show_claims)

    def set_annotations(
        self, annotations: list[Annotation], palette: list[tuple[str, str]] | None = None
    ) -> None:
        """Show the reader's highlights anew: repaint only, the document stays as it is."""
        if self.reading is None:
            return
        self.reading.annotations = annotations
        if palette is not None:
            self.reading.palette = palette
        self.viewport().update()

    def note_bands(self) -> list[tuple[QRectF, QColor]]:
        """Where the reader's highlights are drawn (see :mod:`note_bands`)."""
        return note_bands(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        bands = self.note_bands()
        if not bands:
            return
        painter = QPainter(self.viewport())
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, ink in bands:
            painter.setBrush(ink)
            painter.drawRoundedRect(rect, 1.0, 1.0)
        painter.end()

    def refresh_marks(self) -> None:
        """Re-paint after a toggle, theme or content change."""
        self._configure_marks()
        if self._highlighter is not None:
            self._highlighter.rehighlight()

    # -- positions --------------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        """Core offset into the document text → Qt position in this view."""
        return self.body_start + self.offsets.to_qt(offset)

    def to_core(self, position: int) -> int | None:
        """Qt position → core offset, or None inside the header."""
        if position < self.body_start:
            return None
        return self.offsets.to_python(position - self.body_start)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as core offsets (within the text, header excluded), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.reading is None:
            return None
        start = max(cursor.selectionStart(), self.body_start)
        core_start, core_end = self.to_core(start), self.to_core(cursor.selectionEnd())
        if core_start is None or core_end is None or core_end <= core_start:
            return None
        text = self.reading.document.text
        while core_start < core_end and text[core_start].isspace():
            core_start += 1
        while core_end > core_start and text[core_end - 1].isspace():
            core_end -= 1
        return (core_start, core_end) if core_end > core_start else None

    def annotation_at(self, point: QPoint) -> str | None:
        """The uid of the reader's highlight under ``point``."""
        if self.reading is None:
            return None
        offset = self.to_core(self.cursorForPosition(point).position())
        if offset is None:
            return None
        for note in self.reading.annotations:
            if note.start is not None and note.end is not None and note.start <= offset < note.end:
                return note.uid
        return None

    def highlight_menu(self, menu: QMenu) -> None:
        """Add "Highlight as …" entries for the current selection to ``menu``."""
        span = self.selected_span()
        if span is None or self.reading is None:
            return
        menu.addSeparator()
        for colour, meaning in self.reading.palette:
            action = menu.addAction(f"Highlight as {meaning}")
            action.setIcon(_swatch(self.colors.note_ink(colour)))
            action.triggered.connect(
                lambda _checked=False, colour=colour: self.highlightRequested.emit(
                    span[0], span[1], colour, False
                )
            )
        note = menu.addAction("Highlight and Add Note…")
        note.triggered.connect(
            lambda: self.highlightRequested.emit(span[0], span[1], "yellow", True)
        )

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        self.highlight_menu(menu)
        uid = self.annotation_at(event.pos())
        if uid is not None and self.selected_span() is None:
            menu.addSeparator()
            show = menu.addAction("Show Note")
            show.triggered.connect(lambda: self.annotationActivated.emit(uid))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mention_at(self, point: QPoint) -> ResolvedMention | None:
        position = self.cursorForPosition(point).position()
        rect = self.cursorRect(self.cursorForPosition(point))
        if abs(rect.center().y() - point.y()) > rect.height():
            return None  # below the last line: not over text
        for start, end, mention in self._mention_marks:
            if start <= position < end and mention.label not in self.hidden_labels:
                return mention
        return None

    # -- settings -------------------------------------------------------------------

    def set_colors(self, colors: Colors) -> None:
        """New colours, same place in the text."""
        position = self.reading_position()
        self.colors = colors
        self.show_reading(self.reading)
        self.restore_position(position)

    def set_hidden_labels(self, labels: set[str]) -> None:
        self.hidden_labels = set(labels)
        self.refresh_marks()

    def set_show_claims(self, show: bool) -> None:
        self.show_claims = show
        self.refresh_marks()

    def set_point_size(self, size: int) -> None:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        if size == self.point_size:
            return
        position = self.top_offset()
        self.point_size = size
        self._apply_font()
        self.show_reading(self.reading)
        if position is not None:
            self.scroll_to_offset(position)

    def _apply_font(self) -> None:
        font = self.font()
        font.setPointSize(self.point_size)
        self.setFont(font)
        self._update_margins()

    def _update_margins(self) -> None:
        measure = self.fontMetrics().averageCharWidth() * MEASURE + 40
        side = max(12, (self.width() - measure) // 2)
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_margins()
        super().resizeEvent(event)

    # -- navigation -----------------------------------------------------------------

    def top_offset(self) -> int | None:
        """The text offset of the first character at the top of the view (None: header)."""
        if self.reading is None:
            return None
        if self.verticalScrollBar().value() == 0:
            return None  # at the top, the header included
        cursor = self.cursorForPosition(QPoint(0, 0))
        cursor.movePosition(QTextCursor.MoveOperation.StartOfLine)
        return self.to_core(cursor.position()) or 0

    def scroll_to_offset(self, offset: int, shift: int = 0) -> None:
        """Put the line holding text ``offset`` at the top of the view (``shift`` px above)."""
        if self.reading is None:
            return
        offset = max(0, min(offset, len(self.reading.document.text)))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(offset))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() + shift)

    def reading_position(self) -> tuple[int, int] | None:
        """Where the reader is, to the pixel: the top line's text offset and how far it
        is scrolled past; None at the very top."""
        offset = self.top_offset()
        if offset is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(offset))
        return offset, -self.cursorRect(cursor).top()

    def restore_position(self, position: tuple[int, int] | None) -> None:
        if position is not None:
            self.scroll_to_offset(*position)

    def scroll_to_span(self, start: int, end: int, flash: bool = True) -> None:
        """Bring the core span ``[start, end)`` to the upper third of the view and flash it."""
        qt_start, qt_end = self.to_qt(start), self.to_qt(end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_start)
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.viewport().height() // 3)
        if flash:
            self.flash_span = (start, end)
            cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(QColor(self.colors.flash))
            from PySide6.QtGui import QTextFormat  # (created when needed, see write_reading)

            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            self._flash_selections = [selection]
            self._update_extra_selections()
            self._flash_timer.start(FLASH_MS)

    def reveal_first(self, span: tuple[int, int]) -> None:
        """Scroll to a search match when it lies below the first screen of text."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(span[0]))
        if self.cursorRect(cursor).bottom() > self.viewport().height():
            self.scroll_to_span(*span, flash=False)

    def _end_flash(self) -> None:
        self._flash_selections = []
        self._update_extra_selections()

    def set_find_selections(self, selections: list[QTextEdit.ExtraSelection]) -> None:
        self._find_selections = selections
        self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        self.setExtraSelections(self._find_selections + self._flash_selections)

    # -- mouse ------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            from PySide6.QtWidgets import QToolTip  # (its Python type: with the first tooltip)

            mention = self.mention_at(event.pos())  # type: ignore[attr-defined]
            if mention is not None:
                label = LABELS.get(mention.label)
                described = label.description if label else mention.label
                text = f"<b>{mention.canonical}</b><br>{described}"
                if mention.text != mention.canonical:
                    text += f"<br><i>written here as “{mention.text}”</i>"
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        over = self.mention_at(event.position().toPoint()) is not None
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        position = self.cursorForPosition(event.position().toPoint()).position()
        if self.reading is not None and position < self.body_start:
            self.renameRequested.emit()  # the heading: give the document a title
            return
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        point = event.position().toPoint()
        uid = self.annotation_at(point)
        if uid is not None:
            self.annotationActivated.emit(uid)
            return
        mention = self.mention_at(point)
        if mention is not None:
            self.entityActivated.emit(mention.label, mention.canonical)
