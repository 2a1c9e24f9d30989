"""Import files and folders into the library.

Each file is read, converted, normalised and committed to the database on its
own, so a bad file fails alone and nothing stored before it is touched. Index
updates are batched (one Whoosh commit per batch) because per-file commits would
dominate import time. The next file is converted (in the reader process) while the
current one is stored, and analysis runs in its workers while files are still read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from briefing_reader.app.analysing import (
    IMPORT_DEADLINE,
    DocumentAnalyser,
    add_analysed,
    index_relinked,
    pending_analysis,
)
from briefing_reader.app.changes import OpChanges
from briefing_reader.app.file_collecting import ImportFailure, collect_files
from briefing_reader.app.file_reading import (
    DEFAULT_MAX_BYTES,
    read_file,
    special_kind,
)
from briefing_reader.app.file_worker import shared_worker
from briefing_reader.app.files_ahead import FilesAhead
from briefing_reader.app.progress import (
    CancelToken,
    ProgressCallback,
    rebuild_reporter,
    report,
)
from briefing_reader.core.errors import BriefingError, ExtractionError
from briefing_reader.core.indexing import IndexPass, index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.paths import readable
from briefing_reader.core.search.index import writer_processes
from briefing_reader.core.transactions import TransactionGroup

#: The first phase of an import (the second, analysing, is :data:`analysing.ANALYSING`).
READING = "reading files"
#: The pass that indexes what analysis did not (an import without analysis).
INDEXING = "indexing"
#: Documents gathered and indexed at a time by the indexing pass.
INDEX_BATCH = 50
#: Imports adding at least this many documents merge the index into one segment.
OPTIMIZE_AFTER = 200
#: Files stored in one database transaction at most, and the seconds it may hold the
#: write lock: one commit per file, with its words' vocabulary counts, cost more than
#: storing the file; a group of them commits them and their summed counts at once.
GROUP_FILES = 200
GROUP_SECONDS = 0.5
#: Seconds to wait for the reader process with the group open; a file that takes longer
#: to convert is waited for after the group's commit, without the write lock.
LOCKED_WAIT = 0.05


@dataclass(slots=True)
class ImportResult:
    """What an import did; ``changed_ids`` is what views must refresh."""

    imported: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    #: stopped by Ctrl+C or SIGTERM; ``not_imported`` lists the files left untouched
    interrupted: bool = False
    not_imported: list[str] = field(default_factory=list)
    index_pending: bool = False
    analysed: list[int] = field(default_factory=list)
    #: document id → why its analysis failed (stored and searchable, listed as failed)
    analysis_failed: dict[int, str] = field(default_factory=dict)

    @property
    def changed_ids(self) -> list[int]:
        return self.imported + self.updated

    @property
    def changes(self) -> OpChanges:
        """The import in the shape every operation reports (new entities included)."""
        return OpChanges(label="import", updated=self.changed_ids, entities=bool(self.analysed))

    def summary(self) -> str:
        parts = [
            f"{len(self.imported)} imported",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.failed)} failed",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not a readable format)")
        if self.analysis_failed:
            parts.append(f"{len(self.analysis_failed)} not analysed (see list --failed)")
        text = ", ".join(parts)
        if self.interrupted:
            return text + f" (interrupted; {len(self.not_imported)} file(s) not imported)"
        return text + (" (cancelled)" if self.cancelled else "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class _Stored(NamedTuple):
    """A file stored in the open transaction group, not yet committed."""

    name: str
    doc: Document
    new: bool


class _Importer:
    """Stores each file as a unit of its own, hands it to analysis once it is committed,
    then indexes the batch.

    Files are stored in groups, one transaction each (``GROUP_FILES``), every file a
    savepoint, so a bad file fails alone; the group commits before the importer waits
    for the reader process, so the write lock is never held while a slow file converts.
    Analysis runs in worker processes while the next files are read, so reading,
    storing and the model's load overlap the analysis instead of preceding it. One
    index writer (one segment, one commit) keeps import fast and the index compact.
    Documents already in the database are marked indexed only after that commit, so an
    interruption leaves them for ``ensure_index`` to repair.
    """

    def __init__(
        self,
        library: Library,
        result: ImportResult,
        max_bytes: int,
        deadline: float | None,
        analyser: DocumentAnalyser | None,
    ) -> None:
        self.library = library
        self.store = library.store
        self.result = result
        self.analyser = analyser
        self.stored: list[int] = []
        #: the pass new documents go into as soon as they are stored (no analysis)
        self.indexing: IndexPass | None = None
        self._files = FilesAhead(library.store, library.folder, max_bytes, deadline)
        #: how many of the files have been dealt with (the rest are "not imported")
        self.done = 0
        self.group: TransactionGroup | None = None
        self._uncommitted: list[_Stored] = []

    def import_file(self, files: Sequence[Path], number: int) -> None:
        """Store ``files[number]``; the files after it are read and sent to the reader
        process before it is stored (a few at a time), so converting them overlaps storing
        (and indexing) this one."""
        path, _, origin, raw_hash, known, sent = self._files.take(files[number])
        self._files.fill(files, number + 1)
        if not sent:
            assert known is not None
            self.result.unchanged.append(int(known["id"]))
            return
        worker = shared_worker()
        if not worker.answered(LOCKED_WAIT):
            self.commit_group()  # the reader is still at work: do not hold the lock meanwhile
        doc, warnings, new_copy = worker.receive(path)
        self.result.warnings.extend(f"{readable(path)}: {w}" for w in warnings)
        if self.group is not None:
            self.group.begin()
        if known is not None and known["content_hash"] == doc.content_hash:
            self.store.set_origin_hash(int(known["id"]), raw_hash, origin)
            self.result.unchanged.append(int(known["id"]))
            self._forget_copy(doc, new_copy)
            return
        duplicate = self.store.find_by_content(doc.content_hash)
        if duplicate is not None:
            self.result.unchanged.append(duplicate)
            if known is None or duplicate != int(known["id"]):
                self.result.warnings.append(f"{readable(path)}: same text as document {duplicate}")
            self._forget_copy(doc, new_copy)
            return
        now = _now()
        if known is not None:
            doc.id = int(known["id"])
            self.store.replace_content(doc.id, doc, raw_hash, now)
            self.result.updated.append(doc.id)
        else:
            doc.id = self.store.insert(doc, raw_hash, now)
            self.result.imported.append(doc.id)
        self._uncommitted.append(_Stored(readable(path), doc, known is None))
        if self.group is None:
            self.commit_group()

    def _forget_copy(self, doc: Document, new_copy: bool) -> None:
        """Delete the copy the reader wrote of a file that is not stored (a copy that was
        there before is another stored file's: the same bytes)."""
        if new_copy and doc.original_copy is not None:
            self.library.delete_originals([doc.original_copy])

    def commit_if_due(self) -> None:
        """Commit the group when it is full, old, or was undone by the database."""
        group = self.group
        if group is not None and (
            len(self._uncommitted) >= GROUP_FILES or group.age() >= GROUP_SECONDS or group.lost()
        ):
            self.commit_group()

    def commit_group(self) -> None:
        """Commit the files stored so far, then index and analyse them; files the database
        could not keep are reported as failed."""
        units, self._uncommitted = self._uncommitted, []
        if self.group is not None:
            try:
                self.group.commit()
            except sqlite3.Error as exc:
                self._lost(units, database_failure(exc))
                return
        for unit in units:
            self.stored.append(unit.doc.id)
            if unit.new and self.indexing is not None:  # no entities or notes yet
                self.indexing.add(unit.doc, (), (), ())
            if self.analyser is not None:
                self.analyser.feed(unit.doc)

    def _lost(self, units: list[_Stored], reason: str) -> None:
        lost = {unit.doc.id for unit in units}
        self.result.imported = [i for i in self.result.imported if i not in lost]
        self.result.updated = [i for i in self.result.updated if i not in lost]
        self.result.failed.extend(ImportFailure(unit.name, reason) for unit in units)

    def finish(self, progress: ProgressCallback | None, cancel: CancelToken | None) -> None:
        """Analyse what is left (also documents an earlier interruption left unanalysed)
        and index what was stored; commit the index once."""
        pending = list(dict.fromkeys(self.stored))
        analyser = self.analyser
        if analyser is not None and not self.result.cancelled:
            for doc_id in pending_analysis(self.library):
                if cancel is not None and cancel.cancelled:
                    break
                if doc_id not in analyser.fed:
                    pending.append(doc_id)
                    analyser.feed(self.store.get(doc_id))
        if self.indexing is not None:
            _index_rest(self.indexing, _not_in(pending, self.indexing.ids), progress)
            return
        if not pending:
            return
        processes = writer_processes(len(pending))
        with index_pass(self.library, OPTIMIZE_AFTER, processes=processes) as indexing:
            outcome = None
            if analyser is not None:
                analyser.progress = progress
                analyser.total = len(analyser.fed)
                outcome = analyser.finish(cancel)
                self.result.analysed = outcome.analysed
                self.result.analysis_failed = outcome.failed
                add_analysed(indexing, outcome)
            _index_rest(indexing, _not_in(pending, self.result.analysed), progress)
        self.note_busy(indexing)
        if outcome is not None:
            index_relinked(self.library, outcome)
            self.result.warnings += outcome.warnings

    def note_busy(self, indexing: IndexPass | None) -> None:
        """Say so when the index could not take the documents (they stay pending)."""
        if indexing is not None and indexing.busy:
            self.result.index_pending = True
            self.result.warnings.append(indexing.busy)


def _not_in(doc_ids: list[int], done: list[int]) -> list[int]:
    skip = set(done)
    return [i for i in doc_ids if i not in skip]


def _index_rest(indexing: IndexPass, doc_ids: list[int], progress: ProgressCallback | None) -> None:
    """Index documents the analysis did not (all of them without analysis), in batches
    so the indexing pass reports its progress."""
    for start in range(0, len(doc_ids), INDEX_BATCH):
        report(progress, start, len(doc_ids), phase=INDEXING)
        indexing.add_stored(doc_ids[start : start + INDEX_BATCH])
    if doc_ids:
        report(progress, len(doc_ids), len(doc_ids), phase=INDEXING)


def import_paths(
    library: Library,
    paths: list[Path],
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    analyse: bool = True,
    follow_links: bool = False,
    time_limit: float | None = None,
) -> ImportResult:
    """Import files and folders; the batch goes on past bad files.

    With ``analyse`` the new and changed documents (and any left unanalysed by an
    earlier interruption) get their entities before they are indexed. ``time_limit``
    (seconds) bounds reading each file and analysing each document. An interruption
    (Ctrl+C, SIGTERM) keeps what was stored, ends the worker processes and lists the
    files not imported; the next command indexes and analyses what was left.
    """
    result = ImportResult()
    # an index of an earlier version (or a lost one) is rebuilt first: say so as it goes
    library.ensure_index(rebuild_reporter(progress))
    files = collect_files(paths, result, follow_links)
    analyser = None
    if analyse:
        expected = len(files) + len(pending_analysis(library))
        analyser = DocumentAnalyser(library, expected, deadline=time_limit or IMPORT_DEADLINE)
    importer = _Importer(library, result, max_bytes, time_limit, analyser)
    processed = 0
    # without analysis, a large import indexes each file as it is stored
    streaming = 0 if analyser is not None else writer_processes(len(files))
    if files:
        shared_worker().warm()  # starts while the index writer and the model start
    try:
        with analyser or nullcontext():
            with _streaming_pass(library, streaming) as importer.indexing:
                with shared_worker().reserved(), library.store.grouped() as importer.group:
                    processed = _import_files(importer, files, progress, cancel)
                    importer.commit_group()
                importer.group = None
                importer.finish(progress, cancel)
            importer.note_busy(importer.indexing)
    except KeyboardInterrupt:
        result.cancelled = result.interrupted = True
        done = importer.done
        result.not_imported = [readable(p) for p in files[done:]]
        return result
    report(progress, processed, len(files), "cancelled" if result.cancelled else "done", READING)
    return result


def _streaming_pass(library: Library, processes: int) -> AbstractContextManager[IndexPass | None]:
    """The index pass an import without analysis fills while it reads (None: later)."""
    if not processes:
        return nullcontext()
    return index_pass(library, OPTIMIZE_AFTER, processes=processes)


def import_with_samples(
    library: Library,
    paths: list[Path],
    samples: Path | None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Files named when the window starts: an empty library gets the sample articles with
    them (once they are in, nothing could tell that the library had been empty)."""
    if samples is not None and library.store.count() == 0:
        paths = [samples, *paths]
    return import_paths(library, paths, progress, cancel)


def _import_files(
    importer: _Importer,
    files: list[Path],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> int:
    """Import ``files`` one by one; return how many were processed before any cancel."""
    result = importer.result
    total = len(files)
    for number, path in enumerate(files, start=1):
        name = readable(path)
        report(progress, number - 1, total, name, phase=READING)
        if cancel is not None and cancel.cancelled:
            result.cancelled = True
            return number - 1
        try:
            importer.import_file(files, number - 1)
            importer.commit_if_due()
        except BriefingError as exc:
            result.failed.append(ImportFailure(name, str(exc)))
        except MemoryError:
            result.failed.append(ImportFailure(name, "not enough memory to read this file"))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno == 28:  # ENOSPC
                reason = "disk full: the document was not saved"
            result.failed.append(ImportFailure(name, reason))
        except sqlite3.Error as exc:
            result.failed.append(ImportFailure(name, database_failure(exc)))
        except Exception as exc:  # a reader bug must not stop the batch
            result.failed.append(
                ImportFailure(name, f"unexpected error: {type(exc).__name__}: {exc}")
            )
        importer.done = number
    report(progress, total, total, "", phase=READING)  # reading ended; analysis may follow
    return total


def database_failure(exc: sqlite3.Error) -> str:
    """Why a file is not in the library when the database refused it."""
    reason = str(exc)
    if "full" in reason:
        return "disk full: the document was not saved"
    return f"library database error: {reason}"


def analyse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, object]:
    """Read and analyse one file without storing it (``briefing-reader analyze``).

    The shape is a stable contract read by benchmarks and outside evaluations:
    ``document`` (title, source, published, dateline, text), ``entities``
    (start, end, text, label, canonical) and ``claims`` (start, end, text, kind,
    speaker, hedges, score) with offsets into ``document.text``.
    """
    from briefing_reader.core.analysis.pipeline import analyse

    try:
        if not path.exists():
            raise ExtractionError("no such file")
        if kind := special_kind(path.stat().st_mode):
            raise ExtractionError(f"is {kind}, not a regular file; it was not read")
        doc, _, _ = shared_worker().build(path, read_file(path, max_bytes))
    except ExtractionError as exc:
        raise BriefingError(f"{readable(path)}: {exc}") from exc
    analysis = next(analyse([(doc.text, doc.source)]))
    if analysis.error is not None:
        raise BriefingError(f"{readable(path)}: {analysis.error}")
    return {
        "document": {
            "title": doc.title,
            "source": doc.source,
            "published": doc.published.iso() if doc.published else None,
            "dateline": doc.dateline,
            "author": doc.author,
            "text": doc.text,
        },
        "entities": [m.to_json() for m in analysis.mentions],
        "claims": [c.to_json() for c in analysis.claims],
    }
