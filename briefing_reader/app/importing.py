"""Import files and folders into the library.

Each file is read, converted, normalised and committed to the database on its
own, so a bad file fails alone and nothing stored before it is touched. Index
updates are batched (one Whoosh commit per batch) because per-file commits would
dominate import time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from briefing_reader.app.changes import OpChanges
from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.errors import BriefingError, ExtractionError
from briefing_reader.core.extract import extract, is_supported
from briefing_reader.core.indexing import index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.metadata import extract_text_metadata, shorten
from briefing_reader.core.model import Document
from briefing_reader.core.textnorm import normalise_text

#: Files larger than this are refused: a briefing document is never this big, and
#: the reading view and analysis would struggle. Override with ``max_bytes``.
_MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * _MB
#: The first phase of an import (the second, analysing, is :data:`analysing.ANALYSING`).
READING = "reading files"
#: Imports adding at least this many documents merge the index into one segment.
OPTIMIZE_AFTER = 200


@dataclass(frozen=True, slots=True)
class ImportFailure:
    path: str
    reason: str


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
    index_pending: bool = False
    analysed: list[int] = field(default_factory=list)

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
        text = ", ".join(parts)
        return text + (" (cancelled)" if self.cancelled else "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def collect_files(paths: list[Path], result: ImportResult) -> list[Path]:
    """Expand folders recursively (hidden entries skipped), keeping the given order.

    Unreadable folders and missing paths become failures; files in folders with an
    unknown extension are counted as skipped, while a file named explicitly with an
    unknown extension is a failure the user should hear about.
    """
    files: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    def walk(folder: Path) -> None:
        try:
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except PermissionError:
            result.failed.append(ImportFailure(str(folder), "permission denied (folder)"))
            return
        except OSError as exc:
            result.failed.append(ImportFailure(str(folder), f"cannot list folder: {exc.strerror}"))
            return
        for entry in children:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(child)
                elif entry.is_file():
                    if is_supported(child):
                        add(child)
                    else:
                        result.skipped.append(str(child))
            except OSError as exc:
                result.failed.append(ImportFailure(str(child), exc.strerror or str(exc)))

    for path in paths:
        if path.is_dir():
            walk(path)
        elif path.exists():
            add(path)
        else:
            result.failed.append(ImportFailure(str(path), "no such file or folder"))
    return files


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(
                f"file is {size / _MB:.1f} MB, larger than the {max_bytes / _MB:.0f} MB limit "
                "for one document"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ExtractionError("file disappeared before it could be read") from exc
    except IsADirectoryError as exc:
        raise ExtractionError("is a folder, not a file") from exc
    except PermissionError as exc:
        raise ExtractionError("permission denied") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ExtractionError("file grew past the size limit while being read")
    return data


def build_document(path: Path, data: bytes) -> tuple[Document, list[str]]:
    """Extract, normalise and find metadata; the id and copy are filled in later."""
    extracted = extract(path, data)
    text = normalise_text(extracted.text)
    meta = extract_text_metadata(text)
    text = meta.text
    if not text.strip():
        raise ExtractionError("no text left after removing metadata")
    title = extracted.title or meta.title or shorten(path.stem.replace("_", " "))
    doc = Document(
        id=0,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=shorten(" ".join(title.split()), 200),
        text=text,
        source=extracted.source or meta.source,
        author=extracted.author or meta.author,
        published=extracted.published or meta.published,
        dateline=meta.dateline,
        file_name=path.name,
        file_format=extracted.format,
        origin_path=str(path.resolve()),
    )
    return doc, extracted.warnings


class _Importer:
    """Stores each file on its own, then analyses and indexes the batch.

    One index writer (one segment, one commit) keeps import fast and the index
    compact. Documents already in the database are marked indexed only after that
    commit, so an interruption leaves them for ``ensure_index`` to repair.
    """

    def __init__(self, library: Library, result: ImportResult, max_bytes: int) -> None:
        self.library = library
        self.store = library.store
        self.result = result
        self.max_bytes = max_bytes
        self.stored: list[int] = []

    def import_file(self, path: Path) -> None:
        data = _read_file(path, self.max_bytes)
        origin = str(path.resolve())
        raw_hash = hashlib.sha256(data).hexdigest()
        known = self.store.find_by_origin(origin)
        if known is not None and known["original_sha256"] == raw_hash:
            self.result.unchanged.append(int(known["id"]))
            return
        doc, warnings = build_document(path, data)
        self.result.warnings.extend(f"{path}: {w}" for w in warnings)
        if known is not None and known["content_hash"] == doc.content_hash:
            self.store.set_origin_hash(int(known["id"]), raw_hash, origin)
            self.result.unchanged.append(int(known["id"]))
            return
        duplicate = self.store.find_by_content(doc.content_hash)
        if duplicate is not None:
            self.result.unchanged.append(duplicate)
            if known is None or duplicate != int(known["id"]):
                self.result.warnings.append(f"{path}: same text as document {duplicate}")
            return
        _, doc.original_copy = self.library.save_original(data, path.suffix)
        now = _now()
        if known is not None:
            doc.id = int(known["id"])
            self.store.replace_content(doc.id, doc, raw_hash, now)
            self.result.updated.append(doc.id)
        else:
            doc.id = self.store.insert(doc, raw_hash, now)
            self.result.imported.append(doc.id)
        self.stored.append(doc.id)

    def finish(
        self,
        analyse: bool,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        """Analyse (optionally) and index what was stored; commit the index once."""
        pending = list(dict.fromkeys(self.stored))
        if analyse:
            from briefing_reader.app.analysing import analysis_version

            waiting = self.library.entities.unanalysed_ids(analysis_version())
            pending = list(dict.fromkeys(pending + waiting))
        if not pending:
            return
        with index_pass(self.library, optimize_from=OPTIMIZE_AFTER) as indexing:
            if indexing.busy:
                self.result.index_pending = True
                self.result.warnings.append(indexing.busy)
            analysed: list[int] = []
            outcome = None
            if analyse:
                from briefing_reader.app.analysing import analyse_documents

                outcome = analyse_documents(self.library, pending, indexing, progress, cancel)
                analysed = outcome.analysed
                self.result.analysed = analysed
            done = set(analysed)
            indexing.add_stored(doc_id for doc_id in pending if doc_id not in done)
        if outcome is not None:
            from briefing_reader.app.analysing import index_relinked

            index_relinked(self.library, outcome)
            self.result.warnings += outcome.warnings


def import_paths(
    library: Library,
    paths: list[Path],
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    analyse: bool = True,
) -> ImportResult:
    """Import files and folders; the batch goes on past bad files.

    With ``analyse`` the new and changed documents (and any left unanalysed by an
    earlier interruption) get their entities before they are indexed.
    """
    result = ImportResult()
    library.ensure_index()
    files = collect_files(paths, result)
    importer = _Importer(library, result, max_bytes)
    processed = _import_files(importer, files, progress, cancel)
    importer.finish(analyse and not result.cancelled, progress, cancel)
    report(progress, processed, len(files), "cancelled" if result.cancelled else "done", READING)
    return result


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
        report(progress, number - 1, total, str(path), phase=READING)
        if cancel is not None and cancel.cancelled:
            result.cancelled = True
            return number - 1
        try:
            importer.import_file(path)
        except BriefingError as exc:
            result.failed.append(ImportFailure(str(path), str(exc)))
        except MemoryError:
            result.failed.append(ImportFailure(str(path), "not enough memory to read this file"))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno == 28:  # ENOSPC
                reason = "disk full: the document was not saved"
            result.failed.append(ImportFailure(str(path), reason))
        except sqlite3.Error as exc:
            reason = str(exc)
            if "full" in reason:
                reason = "disk full: the document was not saved"
            result.failed.append(ImportFailure(str(path), f"library database error: {reason}"))
        except Exception as exc:  # a reader bug must not stop the batch
            result.failed.append(
                ImportFailure(str(path), f"unexpected error: {type(exc).__name__}: {exc}")
            )
    return total


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
        doc, _ = build_document(path, _read_file(path, max_bytes))
    except ExtractionError as exc:
        raise BriefingError(f"{path}: {exc}") from exc
    analysis = next(analyse([(doc.text, doc.source)]))
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
