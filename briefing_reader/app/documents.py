"""Operations on stored documents: list, show, rename, remove, reindex."""

from __future__ import annotations

import datetime as dt

from briefing_reader.app.changes import OpChanges
from briefing_reader.app.progress import CancelToken, ProgressCallback, report
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.search.index import IndexBusyError

#: What a document operation changed (the one change shape of every app operation).
Changes = OpChanges


def list_documents(library: Library, order: str = "published") -> list[Document]:
    return library.store.list(order)


def show_document(library: Library, doc_id: int) -> Document:
    return library.store.get(doc_id)


def rename_document(library: Library, doc_id: int, title: str) -> Changes:
    """Give a document the user's own title; re-imports keep it."""
    title = " ".join(title.split())
    if not title:
        raise BriefingError("a title cannot be empty")
    library.store.rename(doc_id, title, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    changes = Changes(label="rename document", updated=[doc_id])
    _index(library, [doc_id], [], changes)
    return changes


def remove_document(library: Library, doc_id: int) -> Changes:
    """Delete a document and its unshared original copies. The names it shared with other
    documents are decided again without it (a short form it alone explained goes back to
    as written), and the documents whose entities changed are indexed again."""
    groups = library.entities.link_groups([doc_id])
    unused_copies = library.store.remove(doc_id)
    library.delete_originals(unused_copies)
    relinked = library.entities.relink([], groups).changed if groups else []
    changes = Changes(label="remove document", removed=[doc_id], updated=relinked)
    _index(library, relinked, [doc_id], changes)
    return changes


def _index(library: Library, updated: list[int], removed: list[int], changes: Changes) -> None:
    try:
        library.index_documents(updated, removed)
        changes.searchable = updated + removed
    except IndexBusyError as exc:
        changes.notices.append(str(exc))


def index_pending(library: Library, doc_ids: list[int]) -> Changes:
    """Index documents an operation left for later (see ``OpChanges.unindexed``)."""
    changes = Changes(label="index")
    waiting: set[int] = set(library.store.unindexed_ids())
    _index(library, [doc_id for doc_id in doc_ids if doc_id in waiting], [], changes)
    return changes


def reindex(
    library: Library,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Rebuild the search index from the database; returns the number of documents.

    Cancelling keeps the previous index (the new one is built aside and swapped in).
    """

    class Cancelled(Exception):
        pass

    total = library.store.count()

    def tick(done: int, _total: int) -> None:
        if cancel is not None and cancel.cancelled:
            raise Cancelled
        report(progress, done, total, "indexing")

    try:
        return library.rebuild_index(tick)
    except Cancelled:
        return 0
