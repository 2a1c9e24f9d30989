"""Entities of the open document by label, with mentions, other documents and corrections.

Corrections (rename, merge, relabel, hide, and keeping apart a name the library joined
automatically) are requested with signals; the window runs them as library jobs, the
same operations as ``briefing-reader entity …``. Each entity says which names the
library joined to it and why, and which readings of a name were left undecided.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.core.analysis.labels import LABELS, NAMED_LABELS
from briefing_reader.gui.labels import display_date, short_name
from briefing_reader.gui.richtext import HTML_ROLE, RichTextDelegate, esc, marked
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from briefing_reader.app.reading import EntityDocument, Reading
    from briefing_reader.core.model import Entity

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
SPAN_ROLE = Qt.ItemDataRole.UserRole + 2
DOC_ROLE = Qt.ItemDataRole.UserRole + 3
CONTEXT = 60


def mention_context(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """A one-line window around a mention and the mention's span inside it."""
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    if left:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    lead = "…" if left else ""
    snippet = lead + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")
    offset = len(lead) - left
    return snippet, (start + offset, end + offset)


def entity_tooltip(entity: Entity) -> str:
    """The entity's other spellings, and every name the library joined to it, with why."""
    tip = f"{entity.canonical} — {LABELS[entity.label].description}"
    aliases = sorted(entity.aliases - {entity.canonical})
    if aliases:
        tip += "\nAlso written: " + ", ".join(aliases)
    for _label, name, reason, count in entity.joined:
        tip += f"\nJoined “{name}” ({count} document{'s' if count != 1 else ''}): {reason}"
    for candidates in entity.ambiguous:
        tip += f"\nLeft as written: could be {' or '.join(candidates)}"
    return tip


def identity_note(entity: Entity, muted: str) -> str:
    """One line under the entity's name: how many names were joined, or that it is unsure."""
    parts = []
    if entity.joined:
        names = sorted({name for _, name, _, _ in entity.joined})
        shown = ", ".join(f"“{esc(n)}”" for n in names[:3]) + (" …" if len(names) > 3 else "")
        parts.append(f"joined automatically: {shown} (hover the name for why)")
    for candidates in entity.ambiguous[:1]:
        parts.append(f"could be {esc(' or '.join(candidates))}: left as written")
    if not parts:
        return ""
    return f"<br><span style='color:{muted}'>{'; '.join(parts)}</span>"


class EntitiesPanel(QWidget):
    """Tree of this document's entities; below it, where the selected one appears."""

    mentionActivated = Signal(int, int)
    documentActivated = Signal(int)
    entitySelected = Signal(str, str)  # label, canonical
    correctionRequested = Signal(str, str, str)  # kind, ref, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: Reading | None = None
        self.colors: Colors = LIGHT
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Entities in this document")
        self.tree.setHeaderLabels(["Entity", "Mentions"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(1, 72)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.detail_title = QLabel(self)
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.RichText)
        self.mentions = QListWidget(self)
        self.mentions.setAccessibleName("Mentions of the selected entity")
        self.mentions.setItemDelegate(RichTextDelegate(self.mentions))
        self.mentions.setWordWrap(True)
        self.mentions.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.documents_label = QLabel("Other documents", self)
        self.documents = QListWidget(self)
        self.documents.setAccessibleName("Other documents that name the selected entity")
        self.documents.setItemDelegate(RichTextDelegate(self.documents))
        self.documents.setWordWrap(True)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.mentions, 2)
        detail_layout.addWidget(self.documents_label)
        detail_layout.addWidget(self.documents, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.empty = QLabel("Open a document to see the people, organisations and places it names.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.tree.currentItemChanged.connect(self._selected)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.mentions.itemActivated.connect(self._mention_activated)
        self.mentions.itemClicked.connect(self._mention_activated)
        self.documents.itemActivated.connect(self._document_activated)
        self.documents.itemDoubleClicked.connect(self._document_activated)
        self.set_reading(None)

    # -- content ----------------------------------------------------------------------

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        selected = self.selected_entity()
        self.set_reading(self.reading)
        if selected:
            self.select_entity(*selected)

    def set_reading(self, reading: Reading | None) -> None:
        self.reading = reading
        self.tree.clear()
        self.mentions.clear()
        self.documents.clear()
        self.detail_title.clear()
        entities = [e for e in (reading.entities if reading else []) if e.label in LABELS]
        self.empty.setVisible(not entities)
        self.splitter.setVisible(bool(entities))
        if reading is not None and not entities:
            self.empty.setText(
                "No entities found in this document."
                if reading.analysed
                else "This document has not been analysed yet."
            )
        by_label: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            by_label[entity.label].append(entity)
        order = [*NAMED_LABELS, *(name for name in LABELS if name not in NAMED_LABELS)]
        for name in order:
            group = by_label.get(name)
            if not group:
                continue
            parent = QTreeWidgetItem(self.tree, [short_name(name), str(len(group))])
            parent.setFirstColumnSpanned(False)
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            parent.setExpanded(name in NAMED_LABELS)
            for entity in sorted(group, key=lambda e: (-e.mentions, e.canonical)):
                child = QTreeWidgetItem(parent, [entity.canonical, str(entity.mentions)])
                child.setData(0, ENTITY_ROLE, (entity.label, entity.canonical))
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                child.setToolTip(0, entity_tooltip(entity))
                child.setBackground(0, self._swatch(name))
        self.tree.resizeColumnToContents(1)

    def _swatch(self, label: str) -> QBrush:
        colour = QColor(self.colors.label(label))
        colour.setAlpha(110)
        return QBrush(colour)

    def _entity(self, label: str, canonical: str) -> Entity | None:
        entities = self.reading.entities if self.reading else []
        return next((e for e in entities if (e.label, e.canonical) == (label, canonical)), None)

    def selected_entity(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        data = item.data(0, ENTITY_ROLE) if item else None
        return tuple(data) if data else None  # type: ignore[return-value]

    def select_entity(self, label: str, canonical: str) -> bool:
        """Select ``label:canonical`` in the tree; False when this document lacks it."""
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            for row in range(parent.childCount()):
                child = parent.child(row)
                if tuple(child.data(0, ENTITY_ROLE)) == (label, canonical):
                    parent.setExpanded(True)
                    self.tree.setCurrentItem(child)
                    self.tree.scrollToItem(child)
                    return True
        return False

    def _selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.mentions.clear()
        self.documents.clear()
        data = current.data(0, ENTITY_ROLE) if current else None
        if not data or self.reading is None:
            self.detail_title.clear()
            return
        label, canonical = data
        text = self.reading.document.text
        found = [m for m in self.reading.mentions if (m.label, m.canonical) == (label, canonical)]
        entity = self._entity(label, canonical)
        self.detail_title.setText(
            f"<b>{esc(canonical)}</b> · {esc(LABELS[label].description)} — "
            f"{len(found)} mention{'s' if len(found) != 1 else ''} here"
            + (identity_note(entity, self.colors.muted) if entity else "")
        )
        colour = self.colors.label(label)
        for mention in found:
            snippet, span = mention_context(text, mention.start, mention.end)
            item = QListWidgetItem()
            item.setText(snippet)
            item.setData(HTML_ROLE, marked(snippet, [span], f"background:{colour}"))
            item.setData(SPAN_ROLE, (mention.start, mention.end))
            self.mentions.addItem(item)
        self.documents_label.setText("Other documents: loading…")
        self.entitySelected.emit(label, canonical)

    def show_documents(self, label: str, canonical: str, documents: list[EntityDocument]) -> None:
        """Fill the other-documents list (answer to :attr:`entitySelected`)."""
        if self.selected_entity() != (label, canonical):
            return
        current = self.reading.document.id if self.reading else None
        others = [d for d in documents if d.id != current]
        self.documents.clear()
        self.documents_label.setText(
            f"Other documents ({len(others)})" if others else "No other document names it."
        )
        for doc in others:
            item = QListWidgetItem()
            item.setText(doc.title)
            meta = " · ".join(x for x in (doc.source, display_date(doc.published)) if x)
            item.setData(
                HTML_ROLE,
                f"{esc(doc.title)}<br><span style='color:{self.colors.muted}'>{esc(meta)}</span>",
            )
            item.setData(DOC_ROLE, doc.id)
            self.documents.addItem(item)

    # -- actions ----------------------------------------------------------------------

    def _mention_activated(self, item: QListWidgetItem) -> None:
        start, end = item.data(SPAN_ROLE)
        self.mentionActivated.emit(int(start), int(end))

    def _document_activated(self, item: QListWidgetItem) -> None:
        self.documentActivated.emit(int(item.data(DOC_ROLE)))

    def _context_menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        data = item.data(0, ENTITY_ROLE) if item else None
        if not data:
            return
        menu = self.correction_menu(*data)
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def correction_menu(self, label: str, canonical: str) -> QMenu:
        """Rename, merge, relabel and hide for one entity (also used by tests)."""
        ref = f"{label}:{canonical}"
        menu = QMenu(self)
        rename = QAction("Rename…", menu)
        rename.triggered.connect(lambda: self.correctionRequested.emit("rename", ref, ""))
        merge = QAction("Merge into…", menu)
        merge.triggered.connect(lambda: self.correctionRequested.emit("merge", ref, ""))
        relabel = menu.addMenu("Relabel as")
        menu.addAction(rename)
        menu.addAction(merge)
        menu.addMenu(relabel)
        for name, described in ((n, LABELS[n].description) for n in LABELS if n != label):
            action = QAction(f"{described} ({name})", relabel)
            action.triggered.connect(
                lambda _checked=False, name=name: self.correctionRequested.emit(
                    "relabel", ref, name
                )
            )
            relabel.addAction(action)
        entity = self._entity(label, canonical)
        joined = sorted({name for _, name, _, _ in entity.joined}) if entity else []
        if joined:
            apart = menu.addMenu("Keep apart")
            apart.setToolTip("Undo an automatic join: the name stays an entity of its own")
            for name in joined:
                action = QAction(f"“{name}”", apart)
                action.triggered.connect(
                    lambda _checked=False, name=name: self.correctionRequested.emit(
                        "split", ref, name
                    )
                )
                apart.addAction(action)
        menu.addSeparator()
        hide = QAction("Hide everywhere", menu)
        hide.setToolTip("Not worth showing: hidden from highlights, lists and facets")
        hide.triggered.connect(lambda: self.correctionRequested.emit("hide", ref, ""))
        menu.addAction(hide)
        return menu
