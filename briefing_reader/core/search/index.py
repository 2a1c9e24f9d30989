"""Open, update, check and rebuild the Whoosh index folder.

The index is derived data. It is rebuilt into a fresh folder and swapped in, so a
crash during a rebuild leaves either the old index or the new one, never half.
"""

from __future__ import annotations

import gc
import shutil
import struct
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter, SegmentWriter

from briefing_reader.core.errors import LibraryError
from briefing_reader.core.model import Annotation, Document, ResolvedMention, StoredClaim
from briefing_reader.core.search.lengths import remember_lengths
from briefing_reader.core.search.schema import INDEX_VERSION, build_schema, document_fields

#: What the index holds for one document: the text, its mentions, claims and annotations.
IndexEntry = tuple[Document, Sequence[ResolvedMention], Sequence[StoredClaim], Sequence[Annotation]]

_VERSION_FILE = "BRIEFING_INDEX_VERSION"
#: Seconds to wait for another process's writer before giving up.
WRITER_TIMEOUT = 5.0
#: From this many documents a batch or rebuild is written by a process of its own
#: (``writer_process``): below it, starting that process costs more than it saves.
OWN_PROCESS_FROM = 100
#: From this many documents two processes write it, a segment each, so that the
#: tokenising and the final sort and write of the postings use both cores.
TWO_PROCESSES_FROM = 1000


def writer_processes(documents: int) -> int:
    """How many processes of their own should write a batch of ``documents`` (0: none)."""
    if documents >= TWO_PROCESSES_FROM:
        return 2
    return 1 if documents >= OWN_PROCESS_FROM else 0


class IndexBusyError(LibraryError):
    """Another process is writing the index; the documents stay safe in the database."""


class SearchIndex:
    """The Whoosh index in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def is_usable(self) -> bool:
        """True when the folder holds an index of the current version that opens."""
        version_file = self.folder / _VERSION_FILE
        try:
            if version_file.read_text().strip() != str(INDEX_VERSION):
                return False
            self.open()
            return True
        except (OSError, ValueError, whoosh_index.IndexError, EOFError, struct.error):
            self._ix = None
        # Whoosh leaves a damaged table-of-contents file open when it fails; collect
        # it now (outside the except block, which keeps it alive), quietly.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
        return False

    def open(self) -> whoosh_index.Index:
        """Open without mmap: Whoosh wraps each mapped part of a segment in a BytesIO,
        which copies the whole index into memory at every searcher (48 MB for the
        news-4k library); plain file reads leave it to the page cache."""
        if self._ix is None:
            storage = FileStorage(str(self.folder), supports_mmap=False)
            self._ix = storage.open_index()
        return self._ix

    def create_empty(self) -> None:
        """Create a fresh, empty index in place of whatever the folder held."""
        self._replace_with(lambda writer: None)

    def rebuild(
        self,
        documents: Iterable[IndexEntry],
        on_document: Callable[[int], None] | None = None,
        processes: int = 0,
    ) -> tuple[int, dict[int, str]]:
        """Index ``documents`` into a new folder, then swap it in.

        Returns how many were indexed and the documents the index refused (id → reason).
        ``processes``: Whoosh works in that many processes of its own while this one
        reads the documents (large libraries; :func:`writer_processes`).
        """
        count = 0

        def fill(writer: _Writer) -> None:
            nonlocal count
            for doc, mentions, claims, notes in documents:
                writer.add(doc.id, document_fields(doc, mentions, claims, notes), False)
                count += 1
                if on_document:
                    on_document(doc.id)

        refused = self._replace_with(fill, processes)
        return count - len(refused), refused

    def _replace_with(self, fill: Callable[[_Writer], None], processes: int = 0) -> dict[int, str]:
        self.close()
        fresh = self.folder.with_name(self.folder.name + ".new")
        old = self.folder.with_name(self.folder.name + ".old")
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        fresh.mkdir(parents=True)
        ix = whoosh_index.create_in(str(fresh), build_schema())
        try:
            writer: _Writer
            if processes:
                ix.close()
                writer = _writer_processes(fresh, processes)
            else:
                writer = _InProcess(remember_lengths(ix.writer(limitmb=128)))
            try:
                fill(writer)
            except BaseException:
                writer.cancel()
                raise
            refused = writer.commit(optimize=True)
        except BaseException:
            ix.close()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        ix.close()
        (fresh / _VERSION_FILE).write_text(str(INDEX_VERSION))
        if self.folder.exists():
            self.folder.rename(old)
        fresh.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
        return refused

    def searcher(self) -> Searcher:
        """A searcher kept open between queries and refreshed when the index changed.

        Opening a searcher reads every segment's metadata; reusing it saves about
        a millisecond a query.
        """
        if self._searcher is None:
            self._searcher = self.open().searcher()
        elif not self._searcher.up_to_date():
            # A fresh searcher, not ``refresh()``: whoosh 2.7 reuses segment readers by
            # generation, so deletions made since (an updated document) stay invisible and
            # the document shows up twice; it also cannot refresh a searcher of an empty index.
            self._searcher.close()
            self._searcher = self.open().searcher()
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- incremental updates -----------------------------------------------------------

    def writer(self, limitmb: int = 128) -> IndexWriter:
        """Whoosh's writer; ``limitmb`` bounds the postings held in memory before they
        are sorted in runs on disk (costly: each posting is pickled and read back)."""
        try:
            return remember_lengths(self.open().writer(timeout=WRITER_TIMEOUT, limitmb=limitmb))
        except LockError as exc:
            raise IndexBusyError(
                f"the search index in {self.folder} is locked by another running "
                "Briefing Reader; documents are saved and will be indexed when it is free"
            ) from exc

    def helper_writer(self, limitmb: int) -> IndexWriter:
        """A writer of one more segment, for the process holding the lock to commit.

        It takes no lock and cannot delete: only that process's writer may list segments
        (``writer_process.WriterPair``).
        """
        return remember_lengths(SegmentWriter(self.open(), _lk=False, limitmb=limitmb))

    def batch(self, processes: int = 0) -> IndexBatch:
        """A writer for many documents, committed once (raises IndexBusyError).

        ``processes``: Whoosh's work runs in that many spawned processes (large imports;
        :func:`writer_processes`), so it overlaps what the caller does between documents.
        """
        if processes:
            return IndexBatch(_writer_processes(self.folder, processes))
        return IndexBatch(_InProcess(self.writer()))

    def is_locked(self) -> bool:
        """Whether another writer holds the index's lock now (an import, say): waiting
        for it would only end in :class:`IndexBusyError` after :data:`WRITER_TIMEOUT`."""
        lock = self.open().lock("WRITELOCK")
        if not lock.acquire(blocking=False):
            return True
        lock.release()
        return False

    def doc_count(self) -> int:
        return int(self.open().doc_count())

    def indexed_ids(self) -> set[int]:
        with self.open().searcher() as searcher:
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}


class _Writer(Protocol):
    """Where a batch's documents go: Whoosh's writer here, or one in its own process."""

    def add(self, doc_id: int, fields: dict[str, object], replace: bool) -> None: ...
    def remove(self, doc_id: int) -> None: ...
    def commit(self, optimize: bool) -> dict[int, str]: ...
    def cancel(self) -> None: ...


def _writer_processes(folder: Path, processes: int) -> _Writer:
    from briefing_reader.core.search.writer_process import WriterPair, WriterProcess

    return WriterPair(folder) if processes > 1 else WriterProcess(folder)


class _InProcess:
    """Whoosh's writer in this process (small batches: no process to start)."""

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer

    def add(self, doc_id: int, fields: dict[str, object], replace: bool) -> None:
        (self._writer.update_document if replace else self._writer.add_document)(**fields)

    def remove(self, doc_id: int) -> None:
        self._writer.delete_by_term("id", doc_id)

    def commit(self, optimize: bool) -> dict[int, str]:
        self._writer.commit(optimize=optimize)
        return {}

    def cancel(self) -> None:
        self._writer.cancel()


class IndexBatch:
    """Adds documents through one writer; ``commit`` once at the end."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer
        self.ids: list[int] = []

    def add(
        self,
        doc: Document,
        mentions: Sequence[ResolvedMention] = (),
        claims: Sequence[StoredClaim] = (),
        replace: bool = False,
        annotations: Sequence[Annotation] = (),
    ) -> None:
        self._writer.add(doc.id, document_fields(doc, mentions, claims, annotations), replace)
        self.ids.append(doc.id)

    def remove(self, doc_id: int) -> None:
        self._writer.remove(doc_id)

    def commit(self, optimize: bool = False) -> dict[int, str]:
        """Commit; returns the documents the index refused (id → reason), not indexed."""
        return self._writer.commit(optimize)

    def cancel(self) -> None:
        self._writer.cancel()
