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

from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.errors import BriefingError, ExtractionError
from briefing_reader.core.extract import extract, is_supported
from briefing_reader.core.library import Library
from briefing_reader.core.metadata import extract_text_metadata, shorten
from briefing_reader.core.model import Document
from briefing_reader.core.search.index import IndexBatch, IndexBusyError
from briefing_reader.core.textnorm import normalise_text

#: Files larger than this are refused: a briefing document is never this big, and
#: the reading view and analysis would struggle. Override with ``max_bytes``.
_MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * _MB
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

    @property
    def changed_ids(self) -> list[int]:
        return self.imported + self.updated

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
    """Stores each file on its own; feeds one index writer for the whole batch.

    One writer (one segment, one commit) keeps import fast and the index compact;
    documents already committed to the database are marked indexed only after the
    index commit, so an interruption leaves them for ``ensure_index`` to repair.
    """

    def __init__(self, library: Library, result: ImportResult, max_bytes: int) -> None:
        self.library = library
        self.store = library.store
        self.result = result
        self.max_bytes = max_bytes
        self.batch: IndexBatch | None = None
        self.index_unavailable = False

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
            self._index(self.store.get(doc.id), replace=True)
        else:
            doc.id = self.store.insert(doc, raw_hash, now)
            self.result.imported.append(doc.id)
            self._index(doc, replace=False)

    def _index(self, doc: Document, replace: bool) -> None:
        if self.index_unavailable:
            return
        if self.batch is None:
            try:
                self.batch = self.library.index.batch()
            except IndexBusyError as exc:
                self.index_unavailable = True
                self.result.index_pending = True
                self.result.warnings.append(str(exc))
                return
        self.batch.add(doc, replace=replace)

    def finish(self) -> None:
        """Commit the index once; merge segments after a large batch so queries stay fast."""
        if self.batch is None:
            return
        batch, self.batch = self.batch, None
        batch.commit(optimize=len(batch.ids) >= OPTIMIZE_AFTER)
        self.store.mark_indexed(batch.ids)
        self.library.suggester.invalidate()


def import_paths(
    library: Library,
    paths: list[Path],
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Import files and folders; the batch goes on past bad files."""
    result = ImportResult()
    library.ensure_index()
    files = collect_files(paths, result)
    importer = _Importer(library, result, max_bytes)
    processed = 0
    try:
        processed = _import_files(importer, files, progress, cancel)
    finally:
        importer.finish()
    report(progress, processed, len(files), "cancelled" if result.cancelled else "done")
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
        report(progress, number - 1, total, str(path))
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
