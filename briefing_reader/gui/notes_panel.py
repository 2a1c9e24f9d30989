"""The Notes tab: the reader's highlights, with their notes, tags and colours.

It lists this document's annotations, or every document's, or the orphans (whose
passage left the text), filtered by tag and colour; clicking one goes to its passage.
Below the list an editor changes the colour, tags (with completion) and the note,
written in Markdown with a rendered preview. Changes are requested by signals; the
window runs them as library jobs and they can all be undone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing_reader.gui.labels import display_date
from briefing_reader.gui.richtext import HTML_ROLE, RichTextDelegate, esc
from briefing_reader.gui.theme import LIGHT, Colors

if TYPE_CHECKING:
    from briefing_reader.core.model import Annotation

#: A draft is saved this long after the last keystroke.
DRAFT_MS = 700
SCOPES = {"document": "This document", "all": "All documents", "orphaned": "Orphaned"}
UID_ROLE = Qt.ItemDataRole.UserRole + 1


def render_markdown(text: str) -> str:
    """A note as HTML; raw HTML in the note is shown as text, never run."""
    import markdown

    return markdown.markdown(text.replace("<", "&lt;"), extensions=["sane_lists"])


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_model = QStringListModel(self)
        self.setModel(self.tag_model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def pathFromIndex(self, index) -> str:  # type: ignore[no-untyped-def]
        chosen = super().pathFromIndex(index)
        field = self.widget()
        typed = field.text() if isinstance(field, QLineEdit) else ""
        head = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return head + chosen

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


class NotesPanel(QWidget):
    scopeChanged = Signal(str)
    annotationActivated = Signal(int, str)  # document id, uid
    saveRequested = Signal(str, str, str, list, bool)  # uid, colour, note, tags, draft
    deleteRequested = Signal(str)  # uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: Colors = LIGHT
        self.annotations: list[Annotation] = []
        self.palette: list[tuple[str, str]] = []
        self.titles: dict[int, str] = {}
        #: The annotation whose colour, tags and note the editor holds, and whether the
        #: reader changed them since they were loaded or last saved.
        self._editing: Annotation | None = None
        self._dirty = False
        #: Colour, note and tags sent to be saved and not yet seen back from the library:
        #: shown instead of the stored ones, so coming back before a save lands loses nothing.
        self._sent: dict[str, tuple[str, str, list[str]]] = {}
        #: uid → the listing number current when its save finished
        self._saved_before: dict[str, int] = {}
        self._listings = 0
        self._loading = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_MS)
        self._draft_timer.timeout.connect(lambda: self._save(draft=True))
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Which notes")
        for key, text in SCOPES.items():
            self.scope.addItem(text, key)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setAccessibleName("Filter notes by tag")
        self.colour_filter = QComboBox(self)
        self.colour_filter.setAccessibleName("Filter notes by colour")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes")
        self.list.setItemDelegate(RichTextDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.editor = QWidget(self)
        self.colour = QComboBox(self.editor)
        self.colour.setAccessibleName("Highlight colour")
        self.tags = QLineEdit(self.editor)
        self.tags.setPlaceholderText("tags, separated by commas")
        self.tags.setAccessibleName("Tags")
        self.completer = TagCompleter(self.tags)
        self.tags.setCompleter(self.completer)
        self.note = QPlainTextEdit(self.editor)
        self.note.setPlaceholderText("Your note (Markdown: *emphasis*, lists, links)…")
        self.note.setAccessibleName("Note")
        self.preview = QTextBrowser(self.editor)
        self.preview.setAccessibleName("Note preview")
        self.preview.setOpenLinks(False)
        self.note_tabs = QTabWidget(self.editor)
        self.note_tabs.addTab(self.note, "Write")
        self.note_tabs.addTab(self.preview, "Preview")
        self.save_button = QPushButton("Save", self.editor)
        self.save_button.setAccessibleName("Save the note")
        self.delete_button = QPushButton("Delete", self.editor)
        self.delete_button.setAccessibleName("Delete the highlight")
        row = QHBoxLayout()
        row.addWidget(self.colour)
        row.addWidget(self.tags, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 4, 0, 0)
        editor_layout.addLayout(row)
        editor_layout.addWidget(self.note_tabs, 1)
        editor_layout.addLayout(buttons)

        filters = QHBoxLayout()
        filters.addWidget(self.scope)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.colour_filter)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.scope.currentIndexChanged.connect(
            lambda _i: self.scopeChanged.emit(self.current_scope())
        )
        self.tag_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.colour_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemClicked.connect(self._activate)
        self.list.itemActivated.connect(self._activate)
        self.note_tabs.currentChanged.connect(self._tab_changed)
        self.save_button.clicked.connect(lambda: self._save(draft=False))
        self.note.textChanged.connect(self._edited)
        self.tags.textEdited.connect(self._edited)
        self.colour.activated.connect(self._edited)
        self.delete_button.clicked.connect(self._delete)
        self._fill()

    # -- content ----------------------------------------------------------------------

    def current_scope(self) -> str:
        return str(self.scope.currentData())

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self._fill()

    def set_annotations(
        self,
        annotations: list[Annotation],
        palette: list[tuple[str, str]],
        tags: list[str],
        titles: dict[int, str],
        asked: int | None = None,
    ) -> None:
        """Show these annotations; keeps the selection and the filters where possible.
        ``asked``: the number :meth:`listing_asked` gave the request for them."""
        self.flush()
        selected = self.selected_uid()
        self.annotations = annotations
        for uid, listing in list(self._saved_before.items()):
            if asked is None or asked > listing:  # this listing was read after the save
                del self._saved_before[uid]
                self._sent.pop(uid, None)
        self.palette = palette
        self.titles = titles
        self.completer.tag_model.setStringList(tags)
        self._set_choices(self.tag_filter, [("", "All tags")] + [(t, f"#{t}") for t in tags])
        colour_items = [("", "All colours")] + [(c, m) for c, m in palette]
        self._set_choices(self.colour_filter, colour_items)
        self._set_choices(self.colour, [(c, m) for c, m in palette])
        self._fill()
        if selected:
            self.select(selected)

    @staticmethod
    def _set_choices(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for key, text in items:
            combo.addItem(text, key)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _visible(self) -> list[Annotation]:
        tag = self.tag_filter.currentData() or ""
        colour = self.colour_filter.currentData() or ""
        return [
            a
            for a in self.annotations
            if (not tag or tag.casefold() in {t.casefold() for t in a.tags})
            and (not colour or a.color == colour)
        ]

    def known_tags(self) -> list[str]:
        return self.completer.tag_model.stringList()

    def _fill(self) -> None:
        selected = self.selected_uid()
        self.list.blockSignals(True)
        self.list.clear()
        meanings = dict(self.palette)
        shown = self._visible()
        for a in shown:
            item = QListWidgetItem()
            item.setText(a.exact)
            item.setData(UID_ROLE, (a.document_id, a.uid))
            item.setData(HTML_ROLE, self._html(a, meanings))
            self.list.addItem(item)
        rows = [a.uid for a in shown]
        if selected in rows:
            self.list.setCurrentRow(rows.index(selected))
        self.list.blockSignals(False)
        self.list.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        scope = self.current_scope()
        self.empty.setText(
            "Nothing matches these filters."
            if self.annotations
            else "No orphaned notes: every highlight is attached to its passage."
            if scope == "orphaned"
            else "Select text in the document, then right-click → Highlight (or press Ctrl+H)."
        )
        self._selected(self.list.currentItem(), None)

    def _html(self, a: Annotation, meanings: dict[str, str]) -> str:
        ink = self.colors.note_ink(a.color)
        quote = a.exact if len(a.exact) <= 240 else a.exact[:237] + "…"
        parts = [f"<span style='color:{ink}; font-weight:900'>▍</span>{esc(quote)}"]
        meta = [esc(meanings.get(a.color, a.color))]
        meta += [f"#{esc(t)}" for t in a.tags]
        if self.current_scope() != "document":
            title = self.titles.get(a.document_id, f"document {a.document_id}")
            meta.append(esc(title if len(title) < 60 else title[:57] + "…"))
        if a.orphaned:
            meta.append("<b>orphaned</b>: the passage is no longer in the text")
        meta.append(esc(display_date(a.updated_at[:10])))
        parts.append(f"<span style='color:{self.colors.muted}'>{' · '.join(meta)}</span>")
        if a.note:
            parts.append(render_markdown(a.note))
        return "<br>".join(parts[:2]) + (parts[2] if len(parts) > 2 else "")

    # -- selection and editing --------------------------------------------------------

    def selected_uid(self) -> str | None:
        item = self.list.currentItem()
        return item.data(UID_ROLE)[1] if item is not None else None

    def select(self, uid: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(UID_ROLE)[1] == uid:
                self.list.setCurrentRow(row)
                self.list.scrollToItem(self.list.item(row))
                return True
        return False

    def current(self) -> Annotation | None:
        uid = self.selected_uid()
        return next((a for a in self.annotations if a.uid == uid), None)

    def _selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        annotation = self.current()
        editing = self._editing
        if editing is not None and (annotation is None or annotation.uid != editing.uid):
            self.flush()  # the note typed for the previous highlight is kept
        self.editor.setEnabled(annotation is not None)
        self._editing = annotation
        same = annotation is not None and editing is not None and annotation.uid == editing.uid
        if same and self._dirty:
            return  # the same highlight, reloaded while the reader types: keep typing
        self._loading = True
        try:
            if annotation is None:
                self.tags.clear()
                self.note.clear()
                self.preview.clear()
            else:
                stored = (annotation.color, annotation.note, annotation.tags)
                colour, note, tag_list = self._sent.get(annotation.uid, stored)
                self.colour.setCurrentIndex(max(0, self.colour.findData(colour)))
                tags = ", ".join(tag_list)
                if self.tags.text() != tags:
                    self.tags.setText(tags)
                if self.note.toPlainText() != note:
                    self.note.setPlainText(note)
                self.preview.setHtml(render_markdown(note))
        finally:
            self._loading = False
        self._dirty = False

    def _edited(self, *_args: object) -> None:
        if self._loading or self._editing is None:
            return
        self._dirty = True
        self._draft_timer.start()

    def listing_asked(self) -> int:
        """Number a request for a listing, so that its answer can tell what it reflects."""
        self._listings += 1
        return self._listings

    def saved(self, uid: str, colour: str, note: str) -> None:
        """A save finished. What was sent stays shown until a listing asked for after this
        holds it: one read while the save was being written may still bring the older note."""
        sent = self._sent.get(uid)
        if sent is not None and sent[:2] == (colour, note):
            self._saved_before[uid] = self._listings

    def flush(self) -> None:
        """Save what the reader typed and has not saved yet (on switching, closing)."""
        if self._dirty:
            self._save(draft=True)

    def edit_note(self) -> None:
        """Put the cursor in the note of the selected highlight (after "Add Note…")."""
        self.note_tabs.setCurrentWidget(self.note)
        self.note.setFocus()

    def _tab_changed(self, index: int) -> None:
        if self.note_tabs.widget(index) is self.preview:
            self.preview.setHtml(render_markdown(self.note.toPlainText()))

    def _activate(self, item: QListWidgetItem) -> None:
        doc_id, uid = item.data(UID_ROLE)
        self.annotationActivated.emit(int(doc_id), str(uid))

    def _save(self, draft: bool) -> None:
        self._draft_timer.stop()
        annotation = self._editing
        if annotation is None or (draft and not self._dirty):
            return
        self._dirty = False
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        colour, note = str(self.colour.currentData()), self.note.toPlainText()
        self._sent[annotation.uid] = (colour, note, tags)
        self.saveRequested.emit(annotation.uid, colour, note, tags, draft)

    def _delete(self) -> None:
        annotation = self.current()
        self._draft_timer.stop()
        self._dirty = False  # its draft goes with it
        if annotation is not None:
            self._sent.pop(annotation.uid, None)
            self.deleteRequested.emit(annotation.uid)
