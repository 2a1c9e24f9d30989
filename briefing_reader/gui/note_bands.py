"""The reader's highlights as ink bands under their lines, in viewport coordinates.

A highlight is a thick band under its text, never a fill: fills are how the analysis
marks entities, and those stay visible beneath the reader's own marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QTextBlock

if TYPE_CHECKING:
    from briefing_reader.gui.reading_view import ReadingView


def note_bands(view: ReadingView) -> list[tuple[QRectF, QColor]]:
    """Where the reader's highlights are drawn (viewport coordinates) and in what ink.

    A highlight is a thick band under its lines, never a fill: fills are how the
    analysis marks entities, and those stay visible beneath the reader's own marks.
    """
    if view.reading is None:
        return []
    document = view.document()
    layout = document.documentLayout()
    dx = -view.horizontalScrollBar().value()
    dy = -view.verticalScrollBar().value()
    height = view.viewport().height()
    thickness = max(2.0, view.point_size / 4)
    bands: list[tuple[QRectF, QColor]] = []
    for note in view.reading.annotations:
        if note.start is None or note.end is None:
            continue
        ink = QColor(view.colors.note_ink(note.color))
        start, end = view.to_qt(note.start), view.to_qt(note.end)
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            box = layout.blockBoundingRect(block)
            if box.top() + dy > height:
                break
            if box.bottom() + dy >= 0:
                bands += _line_bands(block, box, start, end, thickness, ink, dx, dy)
            block = block.next()
    return bands


def _line_bands(
    block: QTextBlock,
    box: QRectF,
    start: int,
    end: int,
    thickness: float,
    ink: QColor,
    dx: float,
    dy: float,
) -> list[tuple[QRectF, QColor]]:
    lines = block.layout()
    bands = []
    for number in range(lines.lineCount()):
        line = lines.lineAt(number)
        line_start = block.position() + line.textStart()
        left, right = max(start, line_start), min(end, line_start + line.textLength())
        if right <= left:
            continue
        x1 = line.cursorToX(left - block.position())[0]
        x2 = line.cursorToX(right - block.position())[0]
        y = box.top() + line.y() + line.ascent() + line.descent() + 1  # below any fill
        rect = QRectF(box.left() + x1 + dx, y + dy, x2 - x1, thickness)
        bands.append((rect, ink))
    return bands
