"""The reader's highlights and notes: make, edit, delete, undo, and the Notes tab.

Each change runs as one operation whose changes the dispatcher applies: the marks
of the open document are repainted, the Notes tab and the Undo menu reloaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from briefing_reader.app.changes import OpChanges
    from briefing_reader.app.reading import Reading
    from briefing_reader.core.library import Library
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob


class AnnotationsController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._pending_jump: str | None = None

    # -- the Notes tab ----------------------------------------------------------------

    def load_notes(self, select: str | None = None, edit: bool = False) -> None:
        """Fill the Notes tab for its scope, and the Undo/Redo menu texts."""
        from briefing_reader.app.annotations import notes_view

        window = self.window
        scope = window.notes_panel.current_scope()
        doc_id = window.reading_ctl.open_id
        asked = window.notes_panel.listing_asked()

        def done(view: Any) -> None:
            window.notes_panel.set_annotations(
                view.annotations, view.palette, view.tags, view.titles, asked=asked
            )
            undo_label, redo_label = view.history
            window.undo_action.setEnabled(undo_label is not None)
            window.undo_action.setText(f"&Undo {undo_label}" if undo_label else "&Undo")
            window.redo_action.setEnabled(redo_label is not None)
            window.redo_action.setText(f"&Redo {redo_label}" if redo_label else "&Redo")
            if select:
                window.notes_panel.select(select)
            if edit:
                window.show_side_tab(2)
                window.notes_panel.edit_note()
            window.notesShown.emit()

        window.reader.submit(lambda library: notes_view(library, scope, doc_id), done)

    def document_shown(self, reading: Reading) -> None:
        self.load_notes()
        if self._pending_jump is not None:
            uid, self._pending_jump = self._pending_jump, None
            self.go_to_annotation(reading.document.id, uid)

    def show_annotation(self, uid: str) -> None:
        window = self.window
        window.show_side_tab(2)
        if not window.notes_panel.select(uid):
            self.load_notes(select=uid)

    def go_to_annotation(self, doc_id: int, uid: str) -> None:
        """Scroll to a highlight's passage, opening its document first if needed."""
        window = self.window
        reading = window.reading
        if reading is not None and reading.document.id == doc_id:
            found = next((a for a in reading.annotations if a.uid == uid), None)
            if found is not None and found.start is not None and found.end is not None:
                window.reader_pane.view.scroll_to_span(found.start, found.end)
            elif found is not None:
                window.show_status("This note's passage is no longer in the document (orphaned).")
            return
        self._pending_jump = uid
        window.reading_ctl.open_document(doc_id)

    # -- changes ----------------------------------------------------------------------

    def highlight_selection(self, with_note: bool = False) -> None:
        window = self.window
        span = window.reader_pane.view.selected_span()
        if span is None:
            window.show_status("Select some text of the document first.")
            return
        palette = window.reading.palette if window.reading else []
        colour = palette[0][0] if palette else "yellow"
        self.highlight(span[0], span[1], colour, with_note)

    def highlight(
        self, start: int, end: int, colour: str, with_note: bool = False
    ) -> LibraryJob | None:
        """Highlight ``[start, end)`` of the open document in ``colour``."""
        from briefing_reader.app.annotations import annotate

        doc_id = self.window.reading_ctl.open_id
        if doc_id is None:
            return None
        self.window.notes_panel.flush()

        def call(library: Library) -> OpChanges:
            return annotate(library, doc_id, start=start, end=end, color=colour, index_now=False)

        def done(change: OpChanges) -> None:
            if change.annotation is not None:
                self.load_notes(select=change.annotation.uid, edit=with_note)

        return self._run("Highlighting…", call, done)

    def save_annotation(
        self, uid: str, colour: str, note: str, tags: list[str], draft: bool = False
    ) -> LibraryJob:
        """Save the editor's colour, tags and note; a ``draft`` joins the last undo step."""
        from briefing_reader.app.annotations import edit_annotation

        def call(library: Library) -> OpChanges:
            return edit_annotation(
                library, uid, color=colour, note=note, tags=tags, merge=draft, index_now=False
            )

        def done(_change: OpChanges) -> None:
            self.window.notes_panel.saved(uid, colour, note)

        title = "Saving the draft…" if draft else "Saving the note…"
        return self._run(title, call, done)

    def delete_annotation(self, uid: str) -> LibraryJob:
        from briefing_reader.app.annotations import delete_annotation

        return self._run(
            "Deleting…", lambda library: delete_annotation(library, uid, index_now=False)
        )

    def undo(self) -> LibraryJob:
        from briefing_reader.app.annotations import undo

        self.window.notes_panel.flush()
        return self._run("Undoing…", lambda library: undo(library, index_now=False))

    def redo(self) -> LibraryJob:
        from briefing_reader.app.annotations import redo

        return self._run("Redoing…", lambda library: redo(library, index_now=False))

    def _run(self, title: str, call: Any, done: Any = None) -> LibraryJob:
        def report(change: OpChanges) -> None:
            self.window.show_status(_said(change), 3000)
            if done is not None:
                done(change)

        return self.window.operations.run(title, call, report)

    # -- colour meanings --------------------------------------------------------------

    def ask_colour_meanings(self) -> None:
        """Let the user say what each highlight colour means ("disputed" → "contested")."""
        window = self.window
        palette = window.notes_panel.palette or (window.reading.palette if window.reading else [])
        if not palette:
            return
        from briefing_reader.gui.dialogs import ColourMeaningsDialog

        dialog = ColourMeaningsDialog(palette, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.rename_colours(dialog.meanings()))
        window.colours_dialog = dialog
        dialog.open()

    def rename_colours(self, meanings: dict[str, str]) -> LibraryJob:
        from briefing_reader.app.annotations import set_colour_meanings

        return self.window.operations.run(
            "Renaming colours…",
            lambda library: set_colour_meanings(library, meanings),
            lambda _changes: self.window.show_status("Highlight colours renamed."),
        )


def _said(change: OpChanges) -> str:
    """The status line after an annotation change."""
    if change.notices:
        return " ".join(change.notices)
    return f"{change.label.capitalize()}: done." if change.label else "Done."
