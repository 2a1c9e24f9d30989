"""Read hostile files in a separate process with a deadline and a memory ceiling.

Parsers (YAML, lxml, Markdown, pypdf, python-docx) can take unbounded time or memory
on a crafted file, deep inside C code where no check can run. Each file is therefore
converted in a worker process; past the deadline the worker is killed (and a fresh
one started for the next file), so a runaway file is reported as "took too long" and
the batch goes on. The worker ignores SIGINT; the parent kills it when interrupted.
One worker is shared by the imports of a process and reused between files; an import
sends the next files (:meth:`FileWorker.send`) before storing the current one, so the
conversion overlaps the storing, and keeps the worker to itself meanwhile.
"""

from __future__ import annotations

import atexit
import multiprocessing
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from briefing_reader.core.errors import BriefingError, ExtractionError

#: Seconds one file may take to be read and converted.
READ_DEADLINE = 10.0
#: Seconds a new worker may take to start (Python and the readers' imports).
STARTUP_WAIT = 120.0
#: Address space a worker may use; a file needing more is refused, not the machine swamped.
MEMORY_LIMIT = 3 * 1024**3


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # not on this platform
        pass


def _serve(connection: Connection) -> None:
    """Worker loop: (path, data, library folder or None) in, ("ok", (document, warnings,
    whether its copy was written now)) or ("error", reason) out, in the order the files
    came. With a library folder the worker also keeps the file's original copy there
    (``originals``), beside the importing process's work.

    A thread takes the files in as they come, so the importing process never waits to
    send one while this process waits to send an answer (both pipes full)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    from briefing_reader.app.file_reading import build_document
    from briefing_reader.core.originals import keep_original

    jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def take_in() -> None:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                job = None
            jobs.put(job)
            if job is None:
                return

    threading.Thread(target=take_in, daemon=True).start()
    connection.send(("ready", None))
    while (job := jobs.get()) is not None:
        path, data, library_folder = job
        try:
            doc, warnings = build_document(Path(path), data)
            new_copy = False
            if library_folder is not None:
                copy = keep_original(Path(library_folder), data, Path(path).suffix)
                doc.original_copy, new_copy = copy.relative, copy.created
            answer: tuple[str, Any] = ("ok", (doc, warnings, new_copy))
        except BriefingError as exc:
            answer = ("error", str(exc))
        except (MemoryError, RecursionError) as exc:
            answer = ("error", f"too large or too deeply nested to read ({type(exc).__name__})")
        except Exception as exc:  # a reader bug must not stop the batch
            answer = ("error", f"unexpected error: {type(exc).__name__}: {exc}")
        try:
            connection.send(answer)
        except (OSError, ValueError):
            return


class _Job(NamedTuple):
    """A file sent to the worker and not yet answered."""

    path: str
    data: bytes
    deadline: float
    keep_copy_in: str | None


class FileWorker:
    """One reader process, restarted after a crash or a deadline.

    Files are answered in the order they were sent; several may be in flight, so the
    worker goes from one to the next without waiting for the caller. Each file's deadline
    runs from the answer to the file before it (or from its sending): the time the worker
    spent on it. A file that fails that way ends the worker; a new one is started for the
    files sent after it, which are sent again.
    """

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Connection | None = None
        self._lock = threading.RLock()
        self._in_flight: deque[_Job] = deque()
        #: when the first file in flight is past its deadline
        self._ends = 0.0
        #: started and not yet heard to be ready (see :meth:`warm`)
        self._starting = False

    def warm(self) -> None:
        """Start the process now without waiting for it, so its start overlaps the
        caller's own (an import starts its index writer meanwhile)."""
        with self._lock:
            if self._connection is None:
                self._spawn()

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._connection = parent
        self._starting = True

    def _start(self) -> Connection:
        if self._connection is None:
            self._spawn()
        parent = self._connection
        assert parent is not None
        # the deadline is for the file, not for starting Python in the worker
        try:
            ready = parent.poll(STARTUP_WAIT) and parent.recv() == ("ready", None)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise ExtractionError("the file reader process could not be started")
        self._starting = False
        return parent

    def stop(self) -> None:
        """End the worker at once (interruptions, deadlines, exit); files in flight are
        dropped."""
        if self._process is not None:
            self._process.kill()
            self._process.join(2)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None
        self._starting = False
        self._in_flight.clear()

    def build(self, path: Path, data: bytes, deadline: float = READ_DEADLINE) -> Any:
        """``build_document(path, data)`` in the worker, as (document, warnings, False);
        raises ExtractionError on failure."""
        with self._lock:
            if self._in_flight:  # answers owed to someone else: not to be mixed with this one
                self.stop()
            self.send(path, data, deadline)
            return self.receive(path)

    @contextmanager
    def reserved(self) -> Iterator[None]:
        """Keep the worker to this thread (files sent ahead stay this thread's); files
        sent and never received are dropped at the end."""
        with self._lock:
            try:
                yield
            finally:
                if self._in_flight:
                    self.stop()

    def send(
        self,
        path: Path,
        data: bytes,
        deadline: float = READ_DEADLINE,
        keep_copy_in: Path | None = None,
    ) -> None:
        """Start converting a file; its answer is read by :meth:`receive`, after the
        answers to the files sent before it.

        ``keep_copy_in``: a library folder to keep the file's original copy in.
        """
        job = _Job(str(path), data, deadline, None if keep_copy_in is None else str(keep_copy_in))
        with self._lock:
            self._guarded(self._send, job)

    @property
    def in_flight(self) -> int:
        """Files sent and not yet received."""
        return len(self._in_flight)

    def in_flight_bytes(self) -> int:
        return sum(len(job.data) for job in self._in_flight)

    def receive(self, path: Path) -> Any:
        """The answer for ``path``, the first file in flight, within its deadline."""
        with self._lock:
            return self._guarded(self._receive, str(path))

    def answered(self, within: float = 0.0) -> bool:
        """Whether the first file in flight is converted (its answer waits to be read),
        waiting at most ``within`` seconds for it."""
        connection = self._connection
        return bool(self._in_flight) and connection is not None and connection.poll(within)

    def _guarded(self, step: Any, *args: Any) -> Any:
        try:
            return step(*args)
        except ExtractionError:
            raise
        except BaseException:
            self.stop()  # interrupted mid-file: the worker may be busy for long yet
            raise

    def _send(self, job: _Job) -> None:
        connection = self._connection
        if self._starting:
            connection = self._start()  # warmed: wait for its "ready"
        if connection is None or not self._process.is_alive():
            self.stop()
            connection = self._start()
        if not self._in_flight:
            self._ends = time.monotonic() + job.deadline
        self._in_flight.append(job)
        connection.send((job.path, job.data, job.keep_copy_in))

    def _receive(self, path: str) -> Any:
        connection = self._connection
        if connection is None or not self._in_flight or self._in_flight[0].path != path:
            self.stop()
            raise ExtractionError("the file reader was stopped before it answered")
        job = self._in_flight[0]
        while not connection.poll(0.05):
            if not self._process.is_alive():
                self._fail("the reader stopped on this file (too large or malformed)")
            if time.monotonic() > self._ends:
                self._fail(f"took longer than {job.deadline:g} s to read; it was stopped")
        try:
            status, value = connection.recv()
        except (EOFError, OSError):
            self._fail("the reader stopped on this file (too large or malformed)")
        self._in_flight.popleft()
        if self._in_flight:
            self._ends = time.monotonic() + self._in_flight[0].deadline
        if status != "ok":
            raise ExtractionError(value)
        return value

    def _fail(self, reason: str) -> NoReturn:
        """The first file in flight failed the worker: end it, send the files behind that
        one to a new worker, and report the failure."""
        behind = list(self._in_flight)[1:]
        self.stop()
        try:
            for job in behind:
                self._send(job)
        except (ExtractionError, OSError):
            self.stop()  # their turns report that the reader was stopped
        raise ExtractionError(reason)


_SHARED = FileWorker()
atexit.register(_SHARED.stop)


def shared_worker() -> FileWorker:
    return _SHARED
