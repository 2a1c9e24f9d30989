"""The library folder: ``library.sqlite3`` (truth), ``index/`` (derived), ``originals/``.

``Library`` is the one object the app layer works through. It keeps the search
index in step with the database and repairs it when it is missing, of an older
version, or behind after a crash.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.util.filelock import FileLock

from briefing_reader.core.annotation_store import AnnotationStore
from briefing_reader.core.claim_store import ClaimStore
from briefing_reader.core.entity_store import EntityStore
from briefing_reader.core.failure_store import FailureStore
from briefing_reader.core.indexing import index_pass
from briefing_reader.core.paths import default_library_dir
from briefing_reader.core.search.index import IndexBusyError, SearchIndex, writer_processes
from briefing_reader.core.search.suggest import Suggester
from briefing_reader.core.store import Store

#: Held while the index is rebuilt, so two windows or commands never rebuild at once.
REBUILD_LOCK = "index.rebuild.lock"
#: Seconds a rebuild waits for another one before giving up.
REBUILD_WAIT = 600.0


class Library:
    """An open library folder. Not thread-safe: use one per thread."""

    def __init__(self, folder: Path, store: Store) -> None:
        self.folder = folder
        self.store = store
        self.entities = EntityStore(store)
        self.claims = ClaimStore(self.entities)
        self.annotations = AnnotationStore(store.connection, store.transaction)
        self.failures = FailureStore(store.connection, store.transaction)
        self.index = SearchIndex(folder / "index")
        self.originals = folder / "originals"
        self._index_checked = False
        self.suggester = Suggester(store.word_count, lambda: store.vocabulary(min_count=1))

    @classmethod
    def open(cls, folder: Path | None = None) -> Library:
        """Open (creating if needed) the library at ``folder`` or the default place."""
        folder = (folder or default_library_dir()).expanduser()
        return cls(folder, Store.in_folder(folder))

    def close(self) -> None:
        self.index.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- originals ----------------------------------------------------------------------

    def delete_originals(self, relative_paths: list[str]) -> None:
        for relative in relative_paths:
            with contextlib.suppress(FileNotFoundError):
                (self.folder / relative).unlink()

    # -- index consistency --------------------------------------------------------------

    def ensure_index(self, progress: Callable[[int, int], None] | None = None) -> str | None:
        """Make the index match the database; return a notice when repair was needed."""
        if self._index_checked:
            return None
        self._index_checked = True
        if not self.index.is_usable() and self.rebuild_index(progress, if_needed=True):
            if self.store.count() == 0:
                return None  # a new library: there was nothing to lose
            return "the search index was missing or out of date and has been rebuilt"
        # A crash between a database commit and the index commit leaves documents
        # the index lacks, has stale, or still lists after removal: reconcile by id.
        stored: set[int] = set(self.store.all_ids())
        indexed = self.index.indexed_ids()
        pending = sorted(set(self.store.unindexed_ids()) | (stored - indexed))
        stale = sorted(indexed - stored)
        if not pending and not stale:
            return None
        busy = "the search index is busy; some recent changes are not searchable yet"
        if self.index.is_locked():  # an import elsewhere: its documents are its to index
            return busy
        try:
            self.index_documents(pending, stale)
        except IndexBusyError:
            return busy
        return (
            f"search index repaired: {len(pending)} document(s) indexed, "
            f"{len(stale)} removed document(s) dropped"
        )

    @contextlib.contextmanager
    def _rebuild_lock(self) -> Iterator[None]:
        """One rebuild at a time, across threads and processes (a lock file per library)."""
        lock = FileLock(str(self.folder / REBUILD_LOCK))
        gives_up = time.monotonic() + REBUILD_WAIT
        while not lock.acquire(blocking=False):
            if time.monotonic() > gives_up:
                raise IndexBusyError(
                    "another Briefing Reader has been rebuilding the search index for over "
                    f"{REBUILD_WAIT:.0f} s; documents are saved and will be indexed later"
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            lock.release()

    def rebuild_index(
        self, progress: Callable[[int, int], None] | None = None, if_needed: bool = False
    ) -> int:
        """Rebuild the whole index from the database; return how many documents it holds.

        Under the rebuild lock: a second caller waits, and with ``if_needed`` reuses the
        index the first one built (returning 0) instead of building it again.
        """
        with self._rebuild_lock():
            self.index.close()
            if if_needed and self.index.is_usable():
                return 0
            return self._rebuild(progress)

    def _rebuild(self, progress: Callable[[int, int], None] | None) -> int:
        total = self.store.count()
        done = 0

        def tick(_doc_id: int) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        resolver = self.entities.resolver()
        documents = (
            (
                doc,
                self.entities.mentions(doc.id, resolver=resolver),
                self.claims.for_document(doc.id, resolver=resolver),
                self.annotations.for_document(doc.id),
            )
            for doc in self.store.iter_all()
        )
        count, refused = self.index.rebuild(documents, tick, writer_processes(total))
        self.store.mark_indexed([i for i in self.store.all_ids() if i not in refused])
        self._index_checked = True
        return count

    def index_documents(self, doc_ids: list[int], removed_ids: list[int] | None = None) -> None:
        """Bring these documents (and removals) into the index, then record that they are in."""
        if not self.index.is_usable():
            self.rebuild_index(if_needed=True)
            if not self.index.is_usable():
                return
        with index_pass(self, wait=True) as indexing:
            indexing.remove(removed_ids or [])
            indexing.add_stored(doc_ids)
