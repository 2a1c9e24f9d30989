"""Searching, opening and reading: the listing, the open document and where the reader is.

The reading position is a character offset into the document's text, so it
survives a reopen, a theme switch, a new text size and a restart (it is saved with
the window's settings), whatever the layout does to pixels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_reader.gui.claims_controller import SPEAKER_LABELS
from briefing_reader.gui.collector import settle_collection
from briefing_reader.gui.results_model import FIRST_PAGE, PAGE_SIZE

if TYPE_CHECKING:
    from briefing_reader.app.progress import Progress
    from briefing_reader.app.reading import EntityDocument, Reading
    from briefing_reader.core.library import Library
    from briefing_reader.core.search.results import SearchResults
    from briefing_reader.core.store import Store
    from briefing_reader.gui.main_window import MainWindow


class ReadingController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._search_serial = 0
        self._open_serial = 0
        #: Where to put the reader once the document being opened is shown.
        self._pending_position: int | None = None
        window.reader.progress.connect(self.show_read_progress)

    @property
    def reading(self) -> Reading | None:
        return self.window.reading

    @property
    def open_id(self) -> int | None:
        return self.reading.document.id if self.reading is not None else None

    # -- search -----------------------------------------------------------------------

    def run_search(self, text: str, filters: dict[str, str], sort: str, page: int) -> None:
        window = self.window
        self._search_serial += 1
        serial = self._search_serial
        window.current_query = text

        def call(library: Library) -> SearchResults:
            from briefing_reader.app.searching import search  # on the reader thread

            return search(
                library,
                text,
                page=page,
                page_size=PAGE_SIZE,
                sort=sort,
                filters=filters,
                progress=window.reader.report_progress,
            )

        def listing(store: Store) -> SearchResults:
            from briefing_reader.app.listing import newest

            return newest(store, page=page, page_size=FIRST_PAGE)

        def done(results: SearchResults) -> None:
            if serial != self._search_serial:
                return  # overtaken by a newer search
            window.last_results = results
            window.search_pane.show_results(results, current=self.open_id)
            if not window.is_ready:
                window.first_listing(results)

        def searched(results: SearchResults) -> None:
            done(results)
            if not window.search_loaded and serial == self._search_serial:
                window.search_loaded = True
                window.searchReady.emit()

        def failed(message: str) -> None:
            if not window.is_ready:
                settle_collection()  # no first listing: the start is over all the same
            if serial == self._search_serial:
                window.search_pane.show_error(message)

        if not window.is_ready and not text and not filters and page == 1:
            # The first listing comes from the database while the search code loads;
            # the window asks again for the facets (and the rest of the page) once it is
            # on screen.
            window.reader.submit_to_database(listing, done, failed)
        else:
            window.reader.submit(call, searched, failed)

    def show_read_progress(self, progress: Progress) -> None:
        """A search rebuilding the index first (after an upgrade) shows the pass in the
        status bar as a job does, without Cancel: the search waits for it."""
        window = self.window
        shown = (window.job_label, window.progress)
        if progress.done >= progress.total:
            if not window.jobs.busy:
                for widget in shown:
                    widget.hide()
            return
        window.job_label.setText(f"Search — {progress.phase.capitalize()}")
        window.progress.setRange(0, progress.total)
        window.progress.setValue(progress.done)
        window.progress.setFormat("%v / %m")
        for widget in shown:
            widget.show()

    # -- opening ----------------------------------------------------------------------

    def open_document(self, doc_id: int, quiet: bool = False, position: int | None = None) -> None:
        """Open ``doc_id``; ``position`` (a text offset) is where reading resumes."""
        window = self.window
        self._open_serial += 1
        serial = self._open_serial
        query = window.current_query
        if self.open_id is not None and self.open_id != doc_id:
            window.notes_panel.flush()  # a note being typed is saved before the switch

        def done(reading: Reading) -> None:
            if serial == self._open_serial:
                self._pending_position = position
                self.show_reading(reading)

        def failed(message: str) -> None:
            if serial == self._open_serial and not quiet:
                window.show_status(message)

        def call(library: Library) -> Reading:
            from briefing_reader.app.reading import open_document  # on the reader thread

            return open_document(library, doc_id, query)

        window.reader.submit(call, done, failed)

    def reopen(self) -> None:
        """Show the open document anew (its analysis changed) where the reader is."""
        if self.open_id is not None:
            self.open_document(self.open_id, quiet=True, position=self.position())

    def close_document(self) -> None:
        window = self.window
        window.reading = None
        window.reader_pane.show_reading(None)
        window.claims_panel.set_claims([], analysed=True)
        window.entities_panel.set_reading(None)
        window.setWindowTitle("Briefing Reader")

    def show_reading(self, reading: Reading) -> None:
        window = self.window
        same = self.open_id == reading.document.id
        window.reading = reading
        window.reader_pane.show_reading(reading, keep_position=same)
        if self._pending_position is not None:
            window.reader_pane.view.scroll_to_offset(self._pending_position)
            self._pending_position = None
        speakers = [e.canonical for e in reading.entities if e.label in SPEAKER_LABELS]
        window.claims_panel.set_claims(
            reading.claims, analysed=reading.analysed, opened=True, speaker_names=speakers
        )
        selected = window.entities_panel.selected_entity()
        window.entities_panel.set_reading(reading)
        if selected:
            window.entities_panel.select_entity(*selected)
        window.setWindowTitle(f"{reading.document.title} — Briefing Reader")
        window.search_pane.mark_current(reading.document.id)
        window.notes_ctl.document_shown(reading)
        window.readingShown.emit(reading.document.id)

    def reload_annotations(self) -> None:
        """Repaint the open document's highlights; the text and the position stay."""
        from briefing_reader.app.reading import annotations_of

        doc_id = self.open_id
        if doc_id is None:
            return
        view = self.window.reader_pane.view

        def done(answer: tuple) -> None:
            if self.open_id == doc_id:
                view.set_annotations(*answer)

        self.window.reader.submit(lambda library: annotations_of(library, doc_id), done)

    def position(self) -> int | None:
        """The text offset at the top of the reading view."""
        return self.window.reader_pane.view.top_offset() if self.reading is not None else None

    def go_to_span(self, start: int, end: int) -> None:
        self.window.reader_pane.view.scroll_to_span(start, end)

    def load_entity_documents(self, label: str, canonical: str) -> None:
        from briefing_reader.app.reading import entity_documents

        panel = self.window.entities_panel

        def done(documents: list[EntityDocument]) -> None:
            panel.show_documents(label, canonical, documents)

        self.window.reader.submit(lambda library: entity_documents(library, label, canonical), done)

    def zoom(self, step: int) -> None:
        view = self.window.reader_pane.view
        view.set_point_size(12 if step == 0 else view.point_size + step)
        self.window.show_status(f"Text size {view.point_size} pt", 2000)

    # -- titles -----------------------------------------------------------------------

    def _chosen(self, doc_id: int | None, verb: str) -> int | None:
        """The document an action means: ``doc_id``, else the focused result, else the open
        document, else the current result; None (and a hint) when there is none."""
        pane = self.window.search_pane
        if doc_id is None:
            doc_id = pane.current_id() if pane.hasFocus() else None
        doc_id = doc_id or self.open_id or pane.current_id()
        if doc_id is None:
            self.window.show_status(f"Choose a document to {verb} first.")
        return doc_id

    def ask_rename(self, doc_id: int | None = None) -> None:
        """F2: give the chosen result (or the open document) a title of one's own."""
        from PySide6.QtWidgets import QInputDialog

        window = self.window
        doc_id = self._chosen(doc_id, "rename")
        if doc_id is None:
            return
        title = window.search_pane.title_of(doc_id)
        if title is None and self.reading is not None and self.open_id == doc_id:
            title = self.reading.document.title
        value, ok = QInputDialog.getText(window, "Rename document", "Title:", text=title or "")
        if ok and value.strip() and value.strip() != title:
            self.rename(doc_id, value)

    def ask_remove(self, doc_id: int | None = None) -> None:
        """Remove the chosen result (or the open document) from the library, once the
        reader has confirmed: its highlights and notes go with it."""
        from PySide6.QtWidgets import QMessageBox

        window = self.window
        doc_id = self._chosen(doc_id, "remove")
        if doc_id is None:
            return
        title = window.search_pane.title_of(doc_id) or f"document {doc_id}"
        answer = QMessageBox.question(
            window,
            "Remove document",
            f"Remove “{title}” from the library?\n\nIts highlights and notes are deleted with "
            "it. The file it was imported from is not touched.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(doc_id, title)

    def remove(self, doc_id: int, title: str) -> None:
        from briefing_reader.app.documents import remove_document

        self.window.operations.run(
            "Removing…",
            lambda library: remove_document(library, doc_id),
            lambda _changes: self.window.show_status(f"Removed “{title}” from the library."),
        )

    def rename(self, doc_id: int, title: str) -> None:
        from briefing_reader.app.documents import rename_document

        self.window.operations.run(
            "Renaming…",
            lambda library: rename_document(library, doc_id, title),
            lambda _changes: self.window.show_status(f"Renamed to “{' '.join(title.split())}”."),
        )
