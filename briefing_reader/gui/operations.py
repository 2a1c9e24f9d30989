"""Background operations: a title, a call into ``app/`` and what to do on success.

Every writing operation of the window runs the same way: as a job on the job
thread with its own library, its failure shown once, nothing handled after the
window began closing, and its :class:`OpChanges` handed to the dispatcher, which
updates only the views that show what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_reader.app.changes import OpChanges
    from briefing_reader.app.progress import CancelToken, ProgressCallback
    from briefing_reader.core.library import Library
    from briefing_reader.gui.main_window import MainWindow
    from briefing_reader.gui.services import LibraryJob

#: An operation that needs only the library.
Call = Callable[["Library"], Any]
#: A long operation that reports progress and can be cancelled.
ProgressCall = Callable[["Library", "ProgressCallback", "CancelToken"], Any]


def changes_of(result: object) -> OpChanges | None:
    """The changes an operation reports, whether it returns them or a result holding them."""
    from briefing_reader.app.changes import OpChanges  # (loaded with the first operation)

    if isinstance(result, OpChanges):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, OpChanges) else None


class OperationRunner:
    """Runs app operations for the window's controllers."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def run(
        self,
        title: str,
        call: Call,
        on_success: Callable[[Any], None] | None = None,
        announce: bool = True,
    ) -> LibraryJob:
        """Run ``call(library)`` in the background."""
        return self.run_long(title, lambda library, _p, _c: call(library), on_success, announce)

    def run_long(
        self,
        title: str,
        call: ProgressCall,
        on_success: Callable[[Any], None] | None = None,
        announce: bool = True,
    ) -> LibraryJob:
        """Run ``call(library, progress, cancel)`` with the status bar's progress and Cancel.

        ``announce`` emits ``MainWindow.jobFinished`` with the result; follow-ups such as
        re-indexing are no operation of the user's and stay quiet."""
        window = self.window

        def done(result: Any) -> None:
            if window.closing:
                return
            changes = changes_of(result)
            if changes is not None:
                window.dispatcher.apply(changes)  # views first, then what the caller adds
            if on_success is not None:
                on_success(result)
            if announce:
                window.jobFinished.emit(result)

        return window.jobs.start(title, call, done, self.failed)

    def index_later(self, doc_ids: list[int]) -> LibraryJob:
        """Make a change searchable after the views show it (a highlight appears at once)."""
        from briefing_reader.app.documents import index_pending

        return self.run(
            "Updating the search index…",
            lambda library: index_pending(library, doc_ids),
            announce=False,
        )

    def failed(self, message: str) -> None:
        window = self.window
        if window.closing:
            return
        window.show_status(message, 16_000)
        window.warn(message)
        window.jobFinished.emit(message)
