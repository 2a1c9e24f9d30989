"""The reading document's text: a header (title, metadata line), then the text unchanged.

The text goes in exactly, one block per line, so a core offset maps to a Qt position
as ``body_start + utf16(offset)``. A title taken from the text's first line is shown
once, as that line styled as the heading; one cut from a first sentence is not
repeated at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QTextCursor, QTextDocument

from briefing_reader.gui.labels import display_date
from briefing_reader.gui.theme import Colors

if TYPE_CHECKING:
    from briefing_reader.app.reading import Reading


def metadata_line(reading: Reading) -> str:
    doc = reading.document
    parts = [doc.source or "Unknown source"]
    if doc.published:
        parts.append(display_date(doc.published.iso()))
    if doc.dateline:
        parts.append(doc.dateline)
    if doc.author:
        parts.append(f"by {doc.author}")
    return " · ".join(parts)


def title_place(title: str, text: str) -> str:
    """Where the reader sees the title: "own" heading, the text's "first line", or "none".

    A title taken from the text would repeat it: the first line styled as the heading
    shows it once, and a first sentence cut short is left to the window title.
    """
    first = text.split("\n", 1)[0].strip()
    if not first or not title:
        return "own"
    if first == title.strip():
        return "first line"
    if title.endswith("…") and title[:-1].rstrip() in first:  # after a dateline, say
        return "none"
    return "own"


def write_reading(
    document: QTextDocument, reading: Reading, point_size: int, colors: Colors
) -> int:
    """Fill the empty ``document``; return the Qt position where the text starts."""
    # Imported here: creating the Python types of Qt's text formats costs a few ms, which
    # the window's first screen (no document open yet) need not pay.
    from PySide6.QtGui import QTextBlockFormat, QTextCharFormat

    cursor = QTextCursor(document)
    text = reading.document.text
    place = title_place(reading.document.title, text)
    title_format = QTextCharFormat()
    title_format.setFontPointSize(point_size * 1.6)
    title_format.setFontWeight(QFont.Weight.Bold)
    heading = QTextBlockFormat()
    heading.setHeadingLevel(1)
    heading.setBottomMargin(4)
    meta_format = QTextCharFormat()
    meta_format.setForeground(QColor(colors.muted))
    meta_format.setFontPointSize(point_size * 0.9)
    meta_block = QTextBlockFormat()
    meta_block.setBottomMargin(point_size * 1.4)
    if place == "own":
        cursor.setBlockFormat(heading)
        cursor.insertText(reading.document.title, title_format)
        cursor.insertBlock(meta_block, meta_format)
    else:
        cursor.setBlockFormat(meta_block)
    cursor.insertText(metadata_line(reading), meta_format)
    body_block = QTextBlockFormat()
    body_block.setLineHeight(145, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.insertBlock(body_block, QTextCharFormat())
    body_start = cursor.position()
    if place == "first line":
        # The text's own first line is the title: show it as the heading, once.
        first, newline, rest = text.partition("\n")
        cursor.setBlockFormat(heading)
        cursor.insertText(first, title_format)
        if newline:
            cursor.insertBlock(body_block, QTextCharFormat())
            cursor.insertText(rest)
    else:
        cursor.insertText(text)
    return body_start
