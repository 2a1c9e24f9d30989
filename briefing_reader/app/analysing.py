"""Entity analysis of stored documents: at import, and on demand (``reanalyze``).

spaCy loads only here. Documents are streamed through ``nlp.pipe`` (two processes
for large batches), each result is committed on its own, and the document is then
(re)indexed with its entity fields.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing_reader.app.changes import OpChanges
from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.indexing import IndexPass, index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.search.index import IndexBusyError

#: Below this many documents a second process costs more than it saves.
MULTIPROCESS_FROM = 100


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


def analysis_version() -> int:
    from briefing_reader.core.analysis.pipeline import ANALYSIS_VERSION

    return ANALYSIS_VERSION


def pending_analysis(library: Library) -> list[int]:
    """Documents never analysed by this version, except those whose analysis failed."""
    failed = library.failures.ids()
    return [i for i in library.entities.unanalysed_ids(analysis_version()) if i not in failed]


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
    from briefing_reader.core.analysis.pipeline import ANALYSIS_VERSION, analyse

    result = AnalysisResult()
    if not doc_ids:
        return result
    total = len(doc_ids)

    waiting: dict[int, Document] = {}  # read for the pipeline, reused for the index

    def items() -> Iterator[tuple[str, str | None]]:
        for doc_id in doc_ids:
            if cancel is not None and cancel.cancelled:
                return
            doc = waiting[doc_id] = library.store.get(doc_id)
            yield doc.text, doc.source

    report(progress, 0, total, "", phase=ANALYSING)
    stream = analyse(items(), processes=processes or default_processes(total), deadline=deadline)
    failed_before = library.failures.ids()
    for doc_id, analysis in zip(doc_ids, stream, strict=False):
        doc = waiting.pop(doc_id)
        done = len(result.analysed) + len(result.failed) + 1
        if analysis.error is not None:
            library.failures.mark(doc_id, analysis.error, ANALYSIS_VERSION)
            result.failed[doc_id] = analysis.error
            report(progress, done, total, doc.title, phase=ANALYSING)
            continue
        library.claims.save(doc_id, analysis.claims)
        library.entities.save_mentions(doc_id, doc.text, analysis.mentions, ANALYSIS_VERSION)
        if doc_id in failed_before:
            library.failures.clear([doc_id])
        result.analysed.append(doc_id)
        report(progress, done, total, doc.title, phase=ANALYSING)
    result.cancelled = len(result.analysed) + len(result.failed) < total
    # Names are linked across the library before the batch is indexed, so each
    # document enters the index once, with the entities the library knows it by.
    relinked = library.entities.relink(result.analysed)
    analysed = set(result.analysed)
    result.relinked = [doc_id for doc_id in relinked.changed if doc_id not in analysed]
    if indexing is not None:
        for start in range(0, len(result.analysed), 500):
            indexing.add_stored(result.analysed[start : start + 500])
    return result


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
    """
    library.ensure_index()
    if doc_ids is None:
        if failed_only:
            doc_ids = sorted(library.failures.ids())
        elif outdated_only:
            doc_ids = pending_analysis(library)
        else:
            doc_ids = library.store.all_ids()
    with index_pass(library, optimize_from=200) as indexing:
        result = analyse_documents(library, doc_ids, indexing, progress, cancel)
        if indexing.busy:
            result.warnings.append(indexing.busy)
    index_relinked(library, result)
    return result
