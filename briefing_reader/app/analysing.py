"""Entity analysis of stored documents: at import, and on demand (``reanalyze``).

spaCy loads only here (in the worker processes for large batches). Documents are
streamed to the analysis as they are stored, each result is committed on its own, and
the documents are then (re)indexed with their entity fields.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing_reader.app.changes import OpChanges
from briefing_reader.app.progress import CancelToken, ProgressCallback, rebuild_reporter, report
from briefing_reader.core.analysis.version import ANALYSIS_VERSION
from briefing_reader.core.indexing import IndexPass, index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.search.index import IndexBusyError, writer_processes

if TYPE_CHECKING:
    from briefing_reader.core.analysis.parallel import AnalysisPool

#: Below this many documents a second process costs more than it saves.
MULTIPROCESS_FROM = 100
#: Documents analysed together when there is one process (``nlp.pipe`` batch).
_BATCH = 16


#: The phase name analysis reports its progress under.
ANALYSING = "analysing"

#: Seconds one document's analysis may take during an import before it is given up
#: (and marked failed); about 700,000 characters on a slow core.
IMPORT_DEADLINE = 60.0


@dataclass(slots=True)
class AnalysisResult:
    analysed: list[int] = field(default_factory=list)
    #: document id → why its analysis failed (it is marked, and skipped by later imports)
    failed: dict[int, str] = field(default_factory=dict)
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)
    #: Documents outside this analysis whose entities changed when the library's names
    #: were linked again; the caller indexes them once its own batch is committed.
    relinked: list[int] = field(default_factory=list)

    @property
    def changes(self) -> OpChanges:
        """The analysis in the shape every operation reports."""
        updated = list(dict.fromkeys(self.analysed + self.relinked))
        return OpChanges(label="analyse", updated=updated, entities=bool(updated))


def default_processes(count: int) -> int:
    return 2 if count >= MULTIPROCESS_FROM and (os.cpu_count() or 1) >= 2 else 1


def pending_analysis(library: Library) -> list[int]:
    """Documents never analysed by this version, except those whose analysis failed."""
    failed = library.failures.ids()
    return [i for i in library.entities.unanalysed_ids(ANALYSIS_VERSION) if i not in failed]


class DocumentAnalyser:
    """Analyses documents handed over one at a time, saving each result as it comes back.

    With worker processes an import feeds each document as soon as it is stored, so the
    workers load the model and analyse while files are still being read; the results
    taken meanwhile are saved between files. :meth:`finish` waits for the rest, then links
    the names of what was analysed across the library, once.
    """

    def __init__(
        self,
        library: Library,
        expected: int,
        processes: int | None = None,
        deadline: float | None = None,
    ) -> None:
        self.library = library
        self.result = AnalysisResult()
        self.version = ANALYSIS_VERSION
        self.deadline = deadline
        #: the count progress reports (how many documents this analysis is about)
        self.total = expected
        self.fed: set[int] = set()
        #: set when the caller's own work is done and analysis is what it waits for
        self.progress: ProgressCallback | None = None
        self._waiting: dict[int, Document] = {}  # fed and not yet saved
        self._failed_before = library.failures.ids()
        self._processes = processes or default_processes(expected)
        self._pool: AnalysisPool | None = None

    def __enter__(self) -> DocumentAnalyser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def feed(self, doc: Document) -> None:
        """Hand over one stored document; saves whatever results are ready meanwhile."""
        self._waiting[doc.id] = doc
        self.fed.add(doc.id)
        if self._processes == 1:
            if len(self._waiting) >= _BATCH:
                self._analyse_here()
            return
        if self._pool is None:  # started with the first document: the model loads meanwhile
            from briefing_reader.core.analysis.parallel import AnalysisPool

            self._pool = AnalysisPool(self._processes, _BATCH, self.deadline)
        pool = self._pool
        pool.put(doc.id, doc.text, doc.source)
        self._save_all(pool.ready())
        while pool.full:
            self._save_all(pool.next_batch())

    def finish(self, cancel: CancelToken | None = None) -> AnalysisResult:
        """Wait for the documents fed (a cancel drops those in flight), then link names."""
        result = self.result
        report(self.progress, self._done, self.total, "", phase=ANALYSING)
        if self._pool is not None:
            while self._pool.in_flight and not (cancel is not None and cancel.cancelled):
                self._save_all(self._pool.next_batch())
            self._pool.close()
        elif not (cancel is not None and cancel.cancelled):
            self._analyse_here(cancel)
        result.cancelled = self._done < len(self.fed)
        # Names are linked across the library before the batch is indexed, so each
        # document enters the index once, with the entities the library knows it by.
        relinked = self.library.entities.relink(result.analysed)
        analysed = set(result.analysed)
        result.relinked = [doc_id for doc_id in relinked.changed if doc_id not in analysed]
        return result

    @property
    def _done(self) -> int:
        return len(self.result.analysed) + len(self.result.failed)

    def _analyse_here(self, cancel: CancelToken | None = None) -> None:
        """Analyse the waiting documents in this process (small batches, one core)."""
        from briefing_reader.core.analysis.pipeline import analyse

        def items() -> Iterator[tuple[str, str | None]]:
            for doc in waiting:
                if cancel is not None and cancel.cancelled:
                    return
                yield doc.text, doc.source

        waiting = list(self._waiting.values())
        stream = analyse(items(), processes=1, deadline=self.deadline)
        for doc, analysis in zip(waiting, stream, strict=False):
            self._save(doc.id, analysis)

    def _save_all(self, results: Iterator[tuple[Any, Any]]) -> None:
        from briefing_reader.core.analysis.pipeline import Analysis
        from briefing_reader.core.analysis.plain import from_plain

        for doc_id, data in results:
            if isinstance(data, dict):
                self._save(doc_id, Analysis(*from_plain(data)))
            else:
                self._save(doc_id, Analysis([], [], error=data.reason))

    def _save(self, doc_id: int, analysis: Any) -> None:
        library, result = self.library, self.result
        doc = self._waiting.pop(doc_id)
        if analysis.error is not None:
            library.failures.mark(doc_id, analysis.error, self.version)
            result.failed[doc_id] = analysis.error
        else:
            library.claims.save(doc_id, analysis.claims)
            library.entities.save_mentions(doc_id, doc.text, analysis.mentions, self.version)
            if doc_id in self._failed_before:
                library.failures.clear([doc_id])
            result.analysed.append(doc_id)
        report(self.progress, self._done, self.total, doc.title, phase=ANALYSING)


def analyse_documents(
    library: Library,
    doc_ids: list[int],
    indexing: IndexPass | None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    processes: int | None = None,
    deadline: float | None = None,
) -> AnalysisResult:
    """Analyse ``doc_ids``, store their mentions and add them to ``indexing`` (if given).

    A document whose analysis fails (or takes over ``deadline`` seconds) is marked
    failed with its reason and keeps what it had; the others go on. The names of what
    was analysed are then linked across the library, before anything is indexed.
    """
    if not doc_ids:
        return AnalysisResult()
    with DocumentAnalyser(library, len(doc_ids), processes, deadline) as analyser:
        analyser.progress = progress
        report(progress, 0, len(doc_ids), "", phase=ANALYSING)
        for doc_id in doc_ids:
            if cancel is not None and cancel.cancelled:
                break
            analyser.feed(library.store.get(doc_id))
        result = analyser.finish(cancel)
    result.cancelled = result.cancelled or len(result.analysed) + len(result.failed) < len(doc_ids)
    if indexing is not None:
        add_analysed(indexing, result)
    return result


def add_analysed(indexing: IndexPass, result: AnalysisResult) -> None:
    """Add the analysed documents to an index pass, a few hundred at a time."""
    for start in range(0, len(result.analysed), 500):
        indexing.add_stored(result.analysed[start : start + 500])


def index_relinked(library: Library, result: AnalysisResult) -> None:
    """Bring documents whose entities changed through linking into the index."""
    if not result.relinked:
        return
    try:
        library.index_documents(result.relinked)
    except IndexBusyError as exc:
        result.warnings.append(str(exc))


def reanalyse(
    library: Library,
    doc_ids: list[int] | None = None,
    outdated_only: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    failed_only: bool = False,
) -> AnalysisResult:
    """Re-run analysis: all documents, given ones, those analysed by an older version
    (``outdated_only``, leaving failed ones alone) or those that failed (``failed_only``).

    The user's corrections are stored apart from the analysis and apply again at once.
    An index of an earlier version is rebuilt first, reported as its own phase.
    """
    library.ensure_index(rebuild_reporter(progress))
    if doc_ids is None:
        if failed_only:
            doc_ids = sorted(library.failures.ids())
        elif outdated_only:
            doc_ids = pending_analysis(library)
        else:
            doc_ids = library.store.all_ids()
    processes = writer_processes(len(doc_ids))
    with index_pass(library, optimize_from=200, processes=processes) as indexing:
        result = analyse_documents(library, doc_ids, indexing, progress, cancel)
    if indexing.busy:
        result.warnings.append(indexing.busy)
    index_relinked(library, result)
    return result
