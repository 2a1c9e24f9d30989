"""Entity, query-term and claim marks in the reading view, painted block by block.

A ``QSyntaxHighlighter`` formats only the paragraphs Qt lays out and re-formats
them cheaply when a label is toggled, so a long document opens fast and toggling
needs no rebuild. Overlapping marks (a query word inside a person's name inside
an underlined claim) are combined per stretch of text rather than overwritten.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter

from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

    from briefing_reader.app.reading import Reading
    from briefing_reader.core.model import ResolvedMention


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of the reading document in Qt positions (UTF-16, header included)."""

    start: int
    end: int
    layer: str  # "entity", "term" or "claim" (the reader's highlights are painted apart)
    value: str = ""  # the entity label or the claim kind


def reading_marks(
    reading: Reading | None, to_qt: Callable[[int], int]
) -> tuple[list[Mark], list[tuple[int, int, ResolvedMention]]]:
    """The marks of ``reading`` at Qt positions (mentions, query words, claims not
    hidden), and its mentions with their Qt spans (what hovering looks up)."""
    marks: list[Mark] = []
    mentions: list[tuple[int, int, ResolvedMention]] = []
    if reading is None:
        return marks, mentions
    for mention in reading.mentions:
        start, end = to_qt(mention.start), to_qt(mention.end)
        marks.append(Mark(start, end, "entity", mention.label))
        mentions.append((start, end, mention))
    for start, end in reading.term_spans:
        marks.append(Mark(to_qt(start), to_qt(end), "term"))
    for claim in (c for c in reading.claims if not c.hidden):  # hidden: not underlined
        marks.append(Mark(to_qt(claim.start), to_qt(claim.end), "claim", claim.kind))
    return marks, mentions


class MarkIndex:
    """Marks sorted by start, with the longest span known, for overlap queries."""

    def __init__(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.marks]
        self._longest = max((m.end - m.start for m in self.marks), default=0)

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks that overlap ``[start, end)``."""
        first = bisect_right(self._starts, start - self._longest - 1)
        last = bisect_right(self._starts, end - 1)
        return [m for m in self.marks[first:last] if m.end > start and m.start < end]

    def at(self, position: int) -> list[Mark]:
        return self.overlapping(position, position + 1)


class ReadingHighlighter(QSyntaxHighlighter):
    """Formats the marks of the blocks Qt asks for; layers and labels toggle."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)  # owned by the view: it outlives each document it paints
        self.colors: Colors = LIGHT
        self.marks = MarkIndex([])
        self.hidden_labels: set[str] = set()
        self.show_claims = False
        self._formats: dict[tuple[str | None, bool, str | None], QTextCharFormat] = {}

    def configure(
        self,
        marks: list[Mark],
        colors: Colors,
        hidden_labels: set[str],
        show_claims: bool,
    ) -> None:
        """Replace everything at once; the caller re-highlights."""
        self.marks = MarkIndex(marks)
        self.colors = colors
        self.hidden_labels = set(hidden_labels)
        self.show_claims = show_claims
        self._formats.clear()

    def _format(self, label: str | None, term: bool, claim: str | None) -> QTextCharFormat:
        key = (label, term, claim)
        fmt = self._formats.get(key)
        if fmt is None:
            from PySide6.QtGui import QTextCharFormat  # (its Python type costs 3 ms at start)

            fmt = QTextCharFormat()
            if label is not None:
                fmt.setBackground(QColor(self.colors.label(label)))
                if self.colors.dark:
                    fmt.setForeground(QColor("#ffffff"))
            if term:
                fmt.setBackground(QColor(self.colors.term))
                fmt.setForeground(QColor(self.colors.term_text))
                fmt.setFontWeight(QFont.Weight.DemiBold)
            if claim is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(self.colors.kinds.get(claim, "#888888")))
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1
        marks = [
            m
            for m in self.marks.overlapping(start, end)
            if (m.layer != "entity" or m.value not in self.hidden_labels)
            and (m.layer != "claim" or self.show_claims)
        ]
        if not marks:
            return
        cuts = sorted(
            {start, end} | {max(start, min(end, p)) for m in marks for p in (m.start, m.end)}
        )
        for left, right in pairwise(cuts):
            label: str | None = None
            term = False
            claim: str | None = None
            for m in marks:
                if m.start <= left and m.end >= right:
                    if m.layer == "entity":
                        label = m.value
                    elif m.layer == "term":
                        term = True
                    else:
                        claim = m.value
            if label is None and not term and claim is None:
                continue
            self.setFormat(left - start, right - left, self._format(label, term, claim))
