"""Apply what an operation changed to the views that show it, and to no other.

A new highlight repaints the marks of the open document (no reopening); a changed
or renamed document re-runs the search once and reopens in place; entity
corrections reach the listing, the open document and its panels; the Notes tab and
the Undo menu follow annotation changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_reader.app.changes import OpChanges
    from briefing_reader.gui.main_window import MainWindow


class ChangeDispatcher:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def apply(self, changes: OpChanges) -> None:
        window = self.window
        if changes.notices:
            window.show_status(" ".join(changes.notices))
        reading = window.reading_ctl
        open_id = reading.open_id
        listing_changed = bool(changes.updated or changes.removed or changes.entities)
        # Notes and tags are searchable: once indexed, a query may match other documents.
        if listing_changed or (changes.searchable and window.current_query):
            window.search_pane.request(page=1)
        if open_id is not None and open_id in changes.removed:
            reading.close_document()
        elif open_id is not None and (open_id in changes.updated or changes.entities):
            reading.reopen()
        elif open_id is not None and (
            open_id in changes.annotations or "palette" in changes.settings
        ):
            reading.reload_annotations()
        if changes.annotations or changes.settings or changes.removed:
            window.notes_ctl.load_notes()
        if changes.unindexed:
            window.operations.index_later(changes.unindexed)
