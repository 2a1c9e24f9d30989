"""The index writer in processes of their own, fed each document's fields.

Whoosh tokenises, stems and sorts postings in pure Python: for a large import without
analysis that is most of the work. A spawned process holding the writer does it on the
second core while the importing process reads and stores the next files. The process
takes the index's write lock itself (one writer at a time, as before), and a commit
happens only when the importing process asks for it, so a crash or kill of either side
commits nothing: the documents are in the database, not marked indexed, and the next
open indexes them. Spawned, not forked: a GUI process has Qt's threads.

A very large batch is shared by two processes (:class:`WriterPair`): the lead holds the
lock and another writes a second segment beside it, without a lock, as Whoosh's own
multi-segment writer does. Both sort and write their postings at the same time at the
end; the lead then commits its segment and the helper's in one table of contents, so a
lost process of either kind commits nothing.
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
#: Whoosh's estimate of the postings the writer processes hold in memory (together)
#: before sorting them in runs on disk. Spilling pickles and reads back every posting,
#: which doubled the cost of indexing 4,258 articles; they stay in memory under this
#: limit (about 210 MB of memory at the peak, in processes that end with the import).
POOL_MB = 512

#: The lead process holds the index's lock and commits; a helper writes a segment for it.
LEAD, HELPER = "lead", "helper"


class IndexWriterLost(IndexBusyError):
    """The writer process ended before its commit; the documents stay pending."""


def _serve(connection: Connection, folder: str, role: str = LEAD, pool_mb: int = POOL_MB) -> None:
    """Process loop: ("add", [(id, fields, replace)…]) where fields None only deletes,
    ("remove", id), ("commit", optimize, helped), ("finish",) for a helper, or
    ("cancel",). A commit answers with the ids Whoosh refused; a helper's finish with
    its segment (None if it holds no document) and its refused ids."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from briefing_reader.core.search.index import SearchIndex

    index = SearchIndex(Path(folder))
    try:
        writer = index.writer(limitmb=pool_mb) if role == LEAD else index.helper_writer(pool_mb)
    except IndexBusyError as exc:
        connection.send(("busy", str(exc)))
        return
    connection.send(("ready", None))
    refused: dict[int, str] = {}
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the importing process is gone: commit nothing
            _cancel(writer, role)
            return
        kind = message[0]
        if kind == "add":
            for doc_id, fields, replace in message[1]:
                try:
                    if fields is None:
                        writer.delete_by_term("id", doc_id)
                    else:
                        (writer.update_document if replace else writer.add_document)(**fields)
                except Exception as exc:  # one document's entry, not the batch
                    refused[doc_id] = f"{type(exc).__name__}: {exc}"
        elif kind == "remove":
            writer.delete_by_term("id", message[1])
        elif kind == "commit":
            optimize, helped = message[1], message[2]
            if helped:
                _commit_with_helper(writer, connection, optimize, refused)
            else:
                writer.commit(optimize=optimize)
                connection.send(("done", refused))
            return
        elif kind == "finish":
            segment = writer._finalize_segment() if writer._added else None
            if segment is None:
                writer._close_segment()
            connection.send(("segment", (segment, refused)))
            return
        else:
            _cancel(writer, role)
            connection.send(("done", {}))
            return


def _cancel(writer: Any, role: str) -> None:
    """A helper leaves the shared temporary folder and the lock to the lead; its
    segment's files, never listed, go with the next commit's clean-up."""
    if role == LEAD:
        writer.cancel()
    else:
        writer._close_segment()


def _commit_with_helper(
    writer: Any, connection: Connection, optimize: bool, refused: dict[int, str]
) -> None:
    """Whoosh's commit in its steps, as its multi-segment writer takes them: this
    segment is written while the helper writes its own, then both are listed at once."""
    segments = writer._merge_segments(None, optimize, None)
    if writer._added:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    try:
        answer = connection.recv()
    except (EOFError, OSError):
        answer = ("cancel",)
    if answer[0] != "segments":  # the helper was lost: list nothing
        writer._finish()
        connection.send(("done", {}))
        return
    writer._commit_toc(segments + answer[1])
    writer._finish()
    connection.send(("done", refused))


class WriterProcess:
    """The parent's end: sends documents as they come, commits once.

    The process starts in the background; the first document waits until it holds the
    index's lock. A writer that dies later is noticed at the latest at the commit, which
    then raises :class:`IndexWriterLost`; adding goes on meanwhile, so an import goes on
    storing files.
    """

    def __init__(self, folder: Path, role: str = LEAD, pool_mb: int = POOL_MB) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process: Any = context.Process(
            target=_serve, args=(child, str(folder), role, pool_mb), daemon=True
        )
        self._process.start()
        child.close()
        self._chunk: list[tuple[int, dict[str, object] | None, bool]] = []
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

    def add(self, doc_id: int, fields: dict[str, object] | None, replace: bool) -> None:
        """Send a document (``fields`` None: only delete its entry in committed segments);
        raises IndexBusyError at the first, if the index is locked."""
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
        self._send(("commit", optimize, False))
        return dict(self._last_answer("done"))

    def start_commit(self, optimize: bool, message: str = "commit") -> None:
        """Ask for the commit (a helper: its segment) without waiting for it."""
        self._await_ready()
        self._flush()
        self._send((message, optimize, True) if message == "commit" else (message,))

    def send_segments(self, segments: list[Any]) -> None:
        """The helper's segments, listed with the lead's in its commit."""
        self._send(("segments", segments))

    def _last_answer(self, expected: str) -> Any:
        status, payload = self._answer()
        if status != expected:
            raise IndexWriterLost(
                "the index writer process stopped before its commit; the documents are "
                "saved and will be indexed when the library is next opened"
            )
        return payload

    def cancel(self) -> None:
        self._chunk = []
        if self._ready:
            self._send(("cancel",))
            self._answer()
        else:  # still starting (or refused): nothing was written
            self._end()

    def _answer(self) -> tuple[str, Any]:
        """The process's last word, then its end (("lost", {}) if it died first)."""
        answer: tuple[str, Any] = ("lost", {})
        try:
            while not self._lost and not self._connection.poll(0.2):
                self._lost = not self._process.is_alive()
            if not self._lost:
                answer = self._connection.recv()
        except (EOFError, OSError):
            pass
        self._end(wait=answer[0] in ("done", "segment"))
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


class WriterPair:
    """Two writer processes sharing a batch, a chunk of documents each in turn.

    The helper cannot delete (its view of the committed segments is its own), so the
    lead deletes the earlier entry of a document the helper writes anew.
    """

    def __init__(self, folder: Path) -> None:
        self._lead = WriterProcess(folder, LEAD, POOL_MB // 2)
        self._helper = WriterProcess(folder, HELPER, POOL_MB // 2)
        self._sent = 0

    def add(self, doc_id: int, fields: dict[str, object], replace: bool) -> None:
        self._lead._await_ready()  # the lock first: no work for the helper while it waits
        self._sent += 1
        if (self._sent // CHUNK) % 2 == 0:
            self._lead.add(doc_id, fields, replace)
            return
        if replace:
            self._lead.add(doc_id, None, True)
        self._helper.add(doc_id, fields, False)

    def remove(self, doc_id: int) -> None:
        self._lead.remove(doc_id)

    def commit(self, optimize: bool) -> dict[int, str]:
        """Both write their segments at once; the lead lists them together."""
        try:
            self._lead.start_commit(optimize)
            self._helper.start_commit(optimize, "finish")
            segment, refused = self._helper._last_answer("segment")
        except BaseException:
            self._lead.cancel()
            raise
        self._lead.send_segments([segment] if segment is not None else [])
        refused.update(self._lead._last_answer("done"))
        return dict(refused)

    def cancel(self) -> None:
        self._helper.cancel()  # first: the lead's end removes the shared temporary folder
        self._lead.cancel()
