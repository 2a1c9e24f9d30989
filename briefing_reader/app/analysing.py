"""Entity analysis of stored documents: at import, and on demand (``reanalyze``).

spaCy loads only here. Documents are streamed through ``nlp.pipe`` (two processes
for large batches), each result is committed on its own, and the document is then
(re)indexed with its entity fields.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.search.index import IndexBatch, IndexBusyError

#: Below this many documents a second process costs more than it saves.
MULTIPROCESS_FROM = 100


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
    batch: IndexBatch | None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    processes: int | None = None,
    deadline: float | None = None,
) -> AnalysisResult:
    """Analyse ``doc_ids``, store their mentions and add them to ``batch`` (if given).

    A document whose analysis fails (or takes over ``deadline`` seconds) is marked
    failed with its reason and keeps what it had; the others go on.
    """
    from briefing_reader.core.analysis.entities import analyse
    from briefing_reader.core.analysis.pipeline import ANALYSIS_VERSION

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

    report(progress, 0, total, "analysing entities")
    stream = analyse(items(), processes=processes or default_processes(total), deadline=deadline)
    resolver = library.entities.resolver()
    library.entities.batch_resolver(resolver)
    failed_before = library.failures.ids()
    try:
        for doc_id, analysis in zip(doc_ids, stream, strict=False):
            doc = waiting.pop(doc_id)
            if analysis.error is not None:
                library.failures.mark(doc_id, analysis.error, ANALYSIS_VERSION)
                result.failed[doc_id] = analysis.error
                report(progress, len(result.analysed) + len(result.failed), total, doc.title)
                continue
            library.claims.save(doc_id, analysis.claims)
            shown = library.entities.save_mentions(
                doc_id, doc.text, analysis.mentions, ANALYSIS_VERSION
            )
            if doc_id in failed_before:
                library.failures.clear([doc_id])
            result.analysed.append(doc_id)
            if batch is not None:
                claims = library.claims.for_document(doc_id, resolver=resolver)
                notes = library.annotations.for_document(doc_id)
                batch.add(doc, shown, claims, replace=True, annotations=notes)
            report(progress, len(result.analysed) + len(result.failed), total, doc.title)
    finally:
        library.entities.batch_resolver(None)
    result.cancelled = len(result.analysed) + len(result.failed) < total
    return result


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
    try:
        batch = library.index.batch()
    except IndexBusyError as exc:
        result = analyse_documents(library, doc_ids, None, progress, cancel)
        result.warnings.append(str(exc))
        return result
    try:
        result = analyse_documents(library, doc_ids, batch, progress, cancel)
    except BaseException:
        batch.cancel()
        raise
    batch.commit(optimize=len(result.analysed) >= 200)
    library.store.mark_indexed(result.analysed)
    library.suggester.invalidate()
    return result
