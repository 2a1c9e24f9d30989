"""Read hostile files in a separate process with a deadline and a memory ceiling.

Parsers (YAML, lxml, Markdown, pypdf, python-docx) can take unbounded time or memory
on a crafted file, deep inside C code where no check can run. Each file is therefore
converted in a worker process; past the deadline the worker is killed (and a fresh
one started for the next file), so a runaway file is reported as "took too long" and
the batch goes on. The worker ignores SIGINT; the parent kills it when interrupted.
One worker is shared by the imports of a process and reused between files; an import
sends the next file (:meth:`FileWorker.send`) before storing the current one, so the
conversion overlaps the storing, and keeps the worker to itself meanwhile.
"""

from __future__ import annotations

import atexit
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

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
    """Worker loop: (path, data, library folder or None) in, ("ok", result) or ("error",
    reason) out. With a library folder the worker also keeps the file's original copy
    there (``originals``), beside the importing process's own work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    from briefing_reader.app.file_reading import build_document
    from briefing_reader.core.originals import keep_original

    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, data, library_folder = job
        try:
            built = build_document(Path(path), data)
            if library_folder is not None:
                built[0].original_copy = keep_original(
                    Path(library_folder), data, Path(path).suffix
                )[1]
            answer: tuple[str, Any] = ("ok", built)
        except BriefingError as exc:
            answer = ("error", str(exc))
        except (MemoryError, RecursionError) as exc:
            answer = ("error", f"too large or too deeply nested to read ({type(exc).__name__})")
        except Exception as exc:  # a reader bug must not stop the batch
            answer = ("error", f"unexpected error: {type(exc).__name__}: {exc}")
        connection.send(answer)


class FileWorker:
    """One reader process, restarted after a crash or a deadline."""

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Connection | None = None
        self._lock = threading.RLock()
        #: a job was sent and its answer not read: the worker's state is unknown
        self._busy = False
        self._ends = 0.0
        self._deadline = READ_DEADLINE
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
        """End the worker at once (interruptions, deadlines, exit)."""
        if self._process is not None:
            self._process.kill()
            self._process.join(2)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None
        self._busy = self._starting = False

    def build(
        self,
        path: Path,
        data: bytes,
        deadline: float = READ_DEADLINE,
        keep_copy_in: Path | None = None,
    ) -> Any:
        """``build_document(path, data)`` in the worker; raises ExtractionError on failure.

        ``keep_copy_in``: a library folder to keep the file's original copy in."""
        with self._lock:
            self.send(path, data, deadline, keep_copy_in)
            return self.receive()

    @contextmanager
    def reserved(self) -> Iterator[None]:
        """Keep the worker to this thread (a file sent ahead stays this thread's)."""
        with self._lock:
            yield

    def send(
        self,
        path: Path,
        data: bytes,
        deadline: float = READ_DEADLINE,
        keep_copy_in: Path | None = None,
    ) -> None:
        """Start converting a file; its answer is read by :meth:`receive`.

        Between the two the caller can do other work (store the previous file) while the
        worker converts this one. Only one file is ever in flight.
        """
        with self._lock:
            self._guarded(self._send, path, data, deadline, keep_copy_in)

    def receive(self) -> Any:
        """The answer to the file sent last, within its deadline."""
        with self._lock:
            return self._guarded(self._receive)

    def answered(self, within: float = 0.0) -> bool:
        """Whether the file sent last is converted (its answer waits to be read), waiting
        at most ``within`` seconds for it."""
        connection = self._connection
        return self._busy and connection is not None and connection.poll(within)

    def _guarded(self, step: Any, *args: Any) -> Any:
        try:
            return step(*args)
        except ExtractionError:
            raise
        except BaseException:
            self.stop()  # interrupted mid-file: the worker may be busy for long yet
            raise

    def _send(self, path: Path, data: bytes, deadline: float, keep_copy_in: Path | None) -> None:
        connection = self._connection
        if self._starting:
            connection = self._start()  # warmed: wait for its "ready"
        elif self._busy or (connection is not None and connection.poll(0)):
            # a job whose answer was never read: it could answer while this one is sent,
            # both sides writing into full buffers for ever
            self.stop()
            connection = None
        if connection is None or not self._process.is_alive():
            self.stop()
            connection = self._start()
        self._busy = True
        connection.send((str(path), data, None if keep_copy_in is None else str(keep_copy_in)))
        self._ends = time.monotonic() + deadline
        self._deadline = deadline

    def _receive(self) -> Any:
        connection = self._connection
        if connection is None or not self._busy:
            raise ExtractionError("the file reader was stopped before it answered")
        while not connection.poll(0.05):
            if not self._process.is_alive():
                self.stop()
                raise ExtractionError("the reader stopped on this file (too large or malformed)")
            if time.monotonic() > self._ends:
                self.stop()
                raise ExtractionError(
                    f"took longer than {self._deadline:g} s to read; it was stopped"
                )
        try:
            status, value = connection.recv()
        except (EOFError, OSError) as exc:
            self.stop()
            raise ExtractionError(
                "the reader stopped on this file (too large or malformed)"
            ) from exc
        self._busy = False
        if status != "ok":
            raise ExtractionError(value)
        return value


_SHARED = FileWorker()
atexit.register(_SHARED.stop)


def shared_worker() -> FileWorker:
    return _SHARED
