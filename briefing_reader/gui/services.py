"""Running app operations off the GUI thread.

Two kinds of work, two mechanisms:

- :class:`LibraryReader` owns one :class:`Library` on a dedicated thread for the
  quick reads the window makes all the time (search as you type, opening a
  document). Reusing one library keeps Whoosh's searcher warm; answers come back
  as signals, and the caller drops any that a newer request has overtaken.
- :class:`JobRunner` runs long or writing operations (import, corrections) as
  :class:`LibraryJob` runnables on a one-thread ``QThreadPool``, each with its own
  library, a progress signal and a cancel token: the same app functions the CLI
  calls, with the same arguments.

``Library`` objects are not thread-safe, so each lives and dies on one thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    Signal,
    SignalInstance,
    Slot,
)

from briefing_reader.core.errors import BriefingError

if TYPE_CHECKING:
    from briefing_reader.app.progress import CancelToken, Progress, ProgressCallback
    from briefing_reader.core.library import Library
    from briefing_reader.core.store import Store

log = logging.getLogger(__name__)

#: A read: called on the reader thread with its library.
ReadCall = Callable[["Library"], Any]
#: A read of the database alone (the first listing), before the search code has loaded.
DatabaseCall = Callable[["Store"], Any]
#: A job: called on a pool thread with its own library, a progress callback and a cancel token.
JobCall = Callable[["Library", "ProgressCallback", "CancelToken"], Any]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BriefingError):
        return str(exc)
    log.error("unexpected error in a library operation:\n%s", traceback.format_exc())
    return f"unexpected error: {type(exc).__name__}: {exc}"


class _ReadWorker(QObject):
    """Lives on the reader thread; opens the database at once and the library on first use."""

    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(object)  # Progress

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._database: Store | None = None
        self._library: Library | None = None

    @Slot()
    def prepare(self) -> None:
        """Open the database while the window is being built, so that the first listing
        does not wait for it. The search code loads with the first read that needs the
        library, after the listing is on screen. A failure is left for that read to report."""
        try:
            self._open_database()
        except Exception:
            log.debug("opening the library ahead of the first read failed", exc_info=True)

    def _open_database(self) -> Store:
        if self._library is not None:
            return self._library.store
        if self._database is None:
            from briefing_reader.app.listing import open_database

            self._database = open_database(self.folder)
        return self._database

    def _open(self) -> Library:
        if self._library is None:
            from briefing_reader.app.session import open_library

            self._library = open_library(self.folder, self._database)
            self._database = None  # the library owns it now
        return self._library

    @Slot(int, object)
    def run(self, serial: int, call: ReadCall) -> None:
        self._answer(serial, lambda: call(self._open()))

    @Slot(int, object)
    def run_on_database(self, serial: int, call: DatabaseCall) -> None:
        self._answer(serial, lambda: call(self._open_database()))

    def _answer(self, serial: int, work: Callable[[], Any]) -> None:
        try:
            result = work()
        except Exception as exc:
            self.failed.emit(serial, _describe(exc))
        else:
            self.done.emit(serial, result)

    @Slot()
    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None
        if self._database is not None:
            self._database.close()
            self._database = None


class LibraryReader(QObject):
    """Queue reads on one background thread; call back on the GUI thread."""

    #: Progress of a read that runs a long pass first (the first search rebuilds an
    #: index of an earlier version), on the GUI thread.
    progress = Signal(object)  # Progress
    _request = Signal(int, object)
    _database_request = Signal(int, object)
    _close = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._serial = 0
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}
        self._thread = QThread(self)
        self._thread.setObjectName("library-reader")
        self._worker = _ReadWorker(folder)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._database_request.connect(self._worker.run_on_database)
        self._close.connect(self._worker.close, Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.progress.connect(self._on_progress)
        self._thread.started.connect(self._worker.prepare)
        self._thread.start()

    def submit(
        self,
        call: ReadCall,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
    ) -> int:
        """Run ``call(library)`` in the background; return the request's serial number."""
        return self._queue(self._request, call, on_done, on_error)

    def submit_to_database(
        self,
        call: DatabaseCall,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
    ) -> int:
        """Run ``call(store)`` in the background: a read that needs no search code."""
        return self._queue(self._database_request, call, on_done, on_error)

    def _queue(
        self,
        signal: SignalInstance,
        call: object,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None,
    ) -> int:
        self._serial += 1
        self._callbacks[self._serial] = (on_done, on_error)
        signal.emit(self._serial, call)
        return self._serial

    def report_progress(self, progress: Progress) -> None:
        """The progress callback of reads: called on the reader thread, heard on the GUI
        thread through :attr:`progress` (about every half percent, and the end)."""
        step = max(1, progress.total // 200)
        if progress.done % step == 0 or progress.done >= progress.total:
            self._worker.progress.emit(progress)

    @Slot(object)
    def _on_progress(self, progress: object) -> None:
        self.progress.emit(progress)

    @Slot(int, object)
    def _on_done(self, serial: int, result: object) -> None:
        on_done, _ = self._callbacks.pop(serial, (None, None))
        if on_done is not None:
            on_done(result)

    @Slot(int, str)
    def _on_failed(self, serial: int, message: str) -> None:
        _, on_error = self._callbacks.pop(serial, (None, None))
        if on_error is not None:
            on_error(message)
        else:
            log.warning("library read failed: %s", message)

    def shutdown(self) -> None:
        """Close the library on its own thread, then stop the thread."""
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait()
        self._callbacks.clear()


class JobSignals(QObject):
    progress = Signal(object)  # Progress
    finished = Signal(object)  # the operation's result
    failed = Signal(str)


class LibraryJob(QRunnable):
    """One long operation on a pool thread, with its own library and cancel token."""

    def __init__(self, folder: Path, title: str, call: JobCall) -> None:
        from briefing_reader.app.progress import CancelToken  # (jobs come after the start)

        super().__init__()
        self.setAutoDelete(False)
        self.folder = folder
        self.title = title
        self.call = call
        self.cancel_token = CancelToken()
        self.signals = JobSignals()

    def _progress(self, progress: Progress) -> None:
        self.signals.progress.emit(progress)

    def run(self) -> None:
        try:
            from briefing_reader.app.session import open_library

            with open_library(self.folder) as library:
                result = self.call(library, self._progress, self.cancel_token)
        except Exception as exc:
            self.signals.failed.emit(_describe(exc))
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Runs jobs one at a time (they write to the library) and tracks the running one."""

    started = Signal(object)  # LibraryJob
    ended = Signal(object)  # LibraryJob

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: list[LibraryJob] = []

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def start(
        self,
        title: str,
        call: JobCall,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> LibraryJob:
        job = LibraryJob(self.folder, title, call)
        # The job counts as ended before its answer is handled, so handlers see an idle runner.
        job.signals.finished.connect(lambda _result, job=job: self._end(job))
        job.signals.failed.connect(lambda _message, job=job: self._end(job))
        job.signals.finished.connect(on_done)
        job.signals.failed.connect(on_error)
        self._jobs.append(job)
        self.started.emit(job)
        self._pool.start(job)
        return job

    def _end(self, job: LibraryJob) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        self.ended.emit(job)

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel_token.cancel()

    def shutdown(self) -> None:
        """Ask running jobs to stop at their next safe point and wait for them."""
        self.cancel_all()
        self._pool.waitForDone()
