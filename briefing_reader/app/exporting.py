"""Export notes to Markdown: one document, several, a tag's documents or the whole library.

``export_notes`` writes one file per document into a folder, or one combined file.
Re-exporting keeps the "My notes" sections the user wrote; a file the export did not
make is left alone (and reported) unless ``force`` is given. A batch goes on past a
file it cannot write.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.export_markdown import (
    DocumentNotes,
    ExportError,
    file_name,
    read_kept_notes,
    render,
    write_atomically,
)
from briefing_reader.core.library import Library


@dataclass(slots=True)
class ExportFailure:
    path: str
    reason: str


@dataclass(slots=True)
class ExportResult:
    written: list[Path] = field(default_factory=list)
    kept_notes: int = 0  # "My notes" sections carried over from earlier exports
    failed: list[ExportFailure] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        text = f"{len(self.written)} file(s) written"
        if self.written:
            text += f" to {self.location()}"
        if self.kept_notes:
            text += f", your notes kept in {self.kept_notes}"
        if self.failed:
            text += f", {len(self.failed)} not written"
        return text + (" (cancelled)" if self.cancelled else "")

    def location(self) -> Path:
        """The file written, or the folder holding the files written."""
        if len(self.written) == 1:
            return self.written[0]
        return Path(os.path.commonpath([str(path.parent) for path in self.written]))


def select_documents(
    library: Library, doc_ids: Sequence[int] | None = None, tag: str | None = None
) -> list[int]:
    """The documents an export covers: given ids, those with a tag, or all."""
    if doc_ids:
        for doc_id in doc_ids:
            library.store.get(doc_id)  # a clear error for an unknown id
        return list(dict.fromkeys(doc_ids))
    if tag:
        found = library.annotations.documents_with_tag(tag)
        if not found:
            raise BriefingError(f"no annotation has the tag {tag!r}")
        return found
    return library.store.all_ids()


def gather(library: Library, doc_ids: Sequence[int], tag: str | None = None) -> list[DocumentNotes]:
    """What the export shows per document (with only the tag's highlights when a tag is given)."""
    resolver = library.entities.resolver()
    docs = library.store.get_many(doc_ids)
    notes_by_doc = library.annotations.for_documents(doc_ids)
    gathered = []
    for doc_id in doc_ids:
        annotations = notes_by_doc[doc_id]
        if tag:
            wanted = tag.lstrip("#").casefold()
            annotations = [a for a in annotations if wanted in {t.casefold() for t in a.tags}]
        gathered.append(
            DocumentNotes(
                document=docs[doc_id],
                annotations=annotations,
                claims=library.claims.for_document(doc_id, with_hidden=True, resolver=resolver),
                entities=library.entities.entities(doc_id),
            )
        )
    return gathered


def preview(
    library: Library,
    doc_ids: Sequence[int] | None = None,
    tag: str | None = None,
    combined: bool = False,
) -> str:
    """The Markdown an export would write (the first file when not combined)."""
    selected = select_documents(library, doc_ids, tag)
    meanings = dict(library.annotations.palette())
    if combined or len(selected) == 1:
        title = None if len(selected) == 1 else _collection_title(tag)
        return render(gather(library, selected, tag), meanings, title=title)
    return render(gather(library, selected[:1], tag), meanings)


def _collection_title(tag: str | None) -> str:
    return f"Notes tagged #{tag.lstrip('#')}" if tag else "Briefing notes"


def export_notes(
    library: Library,
    target: Path,
    *,
    doc_ids: Sequence[int] | None = None,
    tag: str | None = None,
    combined: bool = False,
    force: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the export; ``target`` is a folder (one file per document) or a ``.md`` file."""
    selected = select_documents(library, doc_ids, tag)
    meanings = dict(library.annotations.palette())
    result = ExportResult()
    if combined or target.suffix.lower() == ".md":
        title = None if len(selected) == 1 else _collection_title(tag)
        _write(
            result,
            target,
            lambda kept: render(gather(library, selected, tag), meanings, kept, title),
            force,
        )
        report(progress, 1, 1, str(target))
        return result
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; give a folder, or a .md file with --combined")
    for number, doc_id in enumerate(selected, start=1):
        if cancel is not None and cancel.cancelled:
            result.cancelled = True
            break
        notes = gather(library, [doc_id], tag)
        path = _existing_export(target, doc_id) or target / file_name(notes[0].document)
        _write(result, path, lambda kept, notes=notes: render(notes, meanings, kept), force)
        report(progress, number, len(selected), str(path))
    return result


def _existing_export(folder: Path, doc_id: int) -> Path | None:
    """The file an earlier export wrote for this document, even if its title changed since."""
    for path in sorted(folder.glob(f"{doc_id:04d}-*.md")):
        try:
            read_kept_notes(path)
        except ExportError:
            continue
        return path
    return None


def _write(result: ExportResult, path: Path, make, force: bool) -> None:  # type: ignore[no-untyped-def]
    try:
        try:
            kept = read_kept_notes(path)
        except ExportError:
            if not force:
                raise
            kept = None
        if kept:
            result.kept_notes += 1
        write_atomically(path, make(kept or {}))
        result.written.append(path)
    except ExportError as exc:
        result.failed.append(ExportFailure(str(path), str(exc)))
    except OSError as exc:
        result.failed.append(ExportFailure(str(path), exc.strerror or str(exc)))
