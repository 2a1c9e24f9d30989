"""Requests from outside the window: ``briefing-reader://`` links and a later launch's files.

A link from exported notes opens its document, scrolls to the highlight and selects it in the
Notes tab; a link to a document or note this library does not hold says so in a message. A
second launch on the same library (see :mod:`single_instance`) lands here too: its files
are imported, its links opened, and the window comes to the front.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from briefing_reader.core.doc_links import DocLink
    from briefing_reader.core.library import Library
    from briefing_reader.core.model import Annotation
    from briefing_reader.gui.instance_protocol import Request
    from briefing_reader.gui.main_window import MainWindow

NOTES_TAB = 2


class LinkController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        #: Links that arrived before the first listing (opened once the window is ready).
        self._waiting: list[str] = []
        #: The highlight to select in the Notes tab once its document is shown.
        self._select: tuple[int, str] | None = None
        window.ready.connect(self._open_waiting)
        window.readingShown.connect(self._document_shown)

    def open_at_start(self, urls: list[str]) -> None:
        """Links given on the command line: they win over reopening the last document."""
        if urls:
            self.window.skip_restore()
            self.open_links(urls)

    def receive(self, request: Request) -> None:
        """A later launch's files and links, then the window to the front."""
        self.bring_to_front()
        if request.files:
            self.window.import_paths([Path(f) for f in request.files])
        self.open_links(request.urls)

    def open_links(self, urls: list[str]) -> None:
        if not self.window.is_ready:
            self._waiting += urls
            return
        for url in urls:
            self.open_link(url)

    def open_link(self, url: str) -> None:
        from briefing_reader.core.doc_links import LinkError, parse_link

        window = self.window
        try:
            target = parse_link(url)
        except LinkError as exc:
            window.warn(f"Cannot open the link: {exc}.")
            return

        def call(library: Library) -> tuple[str, Annotation | None]:
            return _look_up(library, target)

        def done(answer: tuple[str, Annotation | None]) -> None:
            self._show(target, *answer)

        def failed(message: str) -> None:
            window.warn(
                f"Cannot open {url}: {message}. The library in {window.library_folder} has no "
                "such document (it was removed, or the link comes from another library)."
            )

        window.reader.submit(call, done, failed)

    def bring_to_front(self) -> None:
        window = self.window
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        QApplication.alert(window)  # where the window manager refuses focus, the task bar blinks

    # -- internals ----------------------------------------------------------------------

    def _show(self, target: DocLink, title: str, annotation: Annotation | None) -> None:
        window, uid = self.window, target.annotation_uid
        if uid is None:
            window.reading_ctl.open_document(target.doc_id)
            return
        if annotation is None:
            window.reading_ctl.open_document(target.doc_id)
            window.warn(
                f"The note {uid} is not in “{title}” (it was deleted, or the link comes from "
                "another library); the document is opened instead."
            )
            return
        if window.reading_ctl.open_id == target.doc_id:
            window.notes_ctl.go_to_annotation(target.doc_id, uid)
            window.notes_ctl.show_annotation(uid)
        else:
            self._select = (target.doc_id, uid)
            window.notes_ctl.go_to_annotation(target.doc_id, uid)

    def _document_shown(self, doc_id: int) -> None:
        if self._select is not None and self._select[0] == doc_id:
            _, uid = self._select
            self._select = None
            self.window.notes_ctl.show_annotation(uid)

    def _open_waiting(self) -> None:
        urls, self._waiting = self._waiting, []
        for url in urls:
            self.open_link(url)


def _look_up(library: Library, target: DocLink) -> tuple[str, Annotation | None]:
    """The document's title and the linked highlight if it is this document's."""
    title = library.store.get(target.doc_id).title
    if target.annotation_uid is None:
        return title, None
    notes = library.annotations.for_document(target.doc_id)
    return title, next((a for a in notes if a.uid == target.annotation_uid), None)
