"""The index writer in a process of its own, fed each document's fields.

Whoosh tokenises, stems and sorts postings in pure Python: for a large import without
analysis that is most of the work. A spawned process holding the writer does it on the
second core while the importing process reads and stores the next files. The process
takes the index's write lock itself (one writer at a time, as before), and a commit
happens only when the importing process asks for it, so a crash or kill of either side
commits nothing: the documents are in the database, not marked indexed, and the next
open indexes them. Spawned, not forked: a GUI process has Qt's threads.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from briefing_reader.core.search.index import IndexBusyError

#: Seconds the new process may take to start and take the index's lock.
STARTUP_WAIT = 120.0
#: Documents sent in one message (fewer, larger writes to the pipe).
CHUNK = 8
#: Whoosh's estimate of the postings this process holds in memory before sorting them
#: in runs on disk. Spilling pickles and reads back every posting, which doubled the
#: cost of indexing 4,258 articles; they stay in memory under this limit (about 210 MB
#: of the process's memory at its peak, in a process that ends with the import).
POOL_MB = 512


class IndexWriterLost(IndexBusyError):
    """The writer process ended before its commit; the documents stay pending."""


def _serve(connection: Connection, folder: str) -> None:
    """Process loop: ("add", [(id, fields, replace)…]), ("remove", id), ("commit",
    optimize) or ("cancel",); answers the commit with the ids Whoosh refused."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from briefing_reader.core.search.index import SearchIndex

    try:
        writer = SearchIndex(Path(folder)).writer(limitmb=POOL_MB)
    except IndexBusyError as exc:
        connection.send(("busy", str(exc)))
        return
    connection.send(("ready", None))
    refused: dict[int, str] = {}
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the importing process is gone: commit nothing
            writer.cancel()
            return
        kind = message[0]
        if kind == "add":
            for doc_id, fields, replace in message[1]:
                try:
                    (writer.update_document if replace else writer.add_document)(**fields)
                except Exception as exc:  # one document's entry, not the batch
                    refused[doc_id] = f"{type(exc).__name__}: {exc}"
        elif kind == "remove":
            writer.delete_by_term("id", message[1])
        elif kind == "commit":
            writer.commit(optimize=message[1])
            connection.send(("done", refused))
            return
        else:
            writer.cancel()
            connection.send(("done", {}))
            return


class WriterProcess:
    """The parent's end: sends documents as they come, commits once.

    The process starts in the background; the first document waits until it holds the
    index's lock. A writer that dies later is noticed at the latest at the commit, which
    then raises :class:`IndexWriterLost`; adding goes on meanwhile, so an import goes on
    storing files.
    """

    def __init__(self, folder: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process: Any = context.Process(target=_serve, args=(child, str(folder)), daemon=True)
        self._process.start()
        child.close()
        self._chunk: list[tuple[int, dict[str, object], bool]] = []
        self._lost = False
        self._ready = False

    def _await_ready(self) -> None:
        """Wait for the process to hold the index's lock (it starts while the caller works).

        Raises :class:`IndexBusyError` when another process holds the lock.
        """
        if self._ready:
            return
        try:
            ready = self._connection.poll(STARTUP_WAIT)
            status, detail = self._connection.recv() if ready else ("lost", None)
        except (EOFError, OSError):
            status, detail = "lost", None
        if status != "ready":
            self._lost = True
            self._end()
            if status == "busy":
                raise IndexBusyError(detail)
            raise IndexWriterLost("the index writer process could not be started")
        self._ready = True

    def add(self, doc_id: int, fields: dict[str, object], replace: bool) -> None:
        """Send a document (raises IndexBusyError at the first, if the index is locked)."""
        self._await_ready()
        self._chunk.append((doc_id, fields, replace))
        if len(self._chunk) >= CHUNK:
            self._flush()

    def remove(self, doc_id: int) -> None:
        self._await_ready()
        self._flush()
        self._send(("remove", doc_id))

    def commit(self, optimize: bool) -> dict[int, str]:
        """Commit what was sent; returns the documents Whoosh refused (id → reason)."""
        self._await_ready()
        self._flush()
        self._send(("commit", optimize))
        status, refused = self._answer()
        if status != "done":
            raise IndexWriterLost(
                "the index writer process stopped before its commit; the documents are "
                "saved and will be indexed when the library is next opened"
            )
        return dict(refused)

    def cancel(self) -> None:
        self._chunk = []
        if self._ready:
            self._send(("cancel",))
            self._answer()
        else:  # still starting (or refused): nothing was written
            self._end()

    def _answer(self) -> tuple[str, dict[int, str]]:
        """The process's last word, then its end (("lost", {}) if it died first)."""
        answer: tuple[str, dict[int, str]] = ("lost", {})
        try:
            while not self._lost and not self._connection.poll(0.2):
                self._lost = not self._process.is_alive()
            if not self._lost:
                answer = self._connection.recv()
        except (EOFError, OSError):
            pass
        self._end(wait=answer[0] == "done")
        return answer

    def _flush(self) -> None:
        if self._chunk:
            self._send(("add", self._chunk))
            self._chunk = []

    def _send(self, message: tuple[object, ...]) -> None:
        if self._lost:
            return
        try:
            self._connection.send(message)
        except (OSError, ValueError):  # the process died: said at the commit
            self._lost = True

    def _end(self, wait: bool = False) -> None:
        if wait:
            self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(2)
        self._connection.close()
