"""The index is derived: it is rebuilt or repaired whenever it disagrees with the database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_reader.app.documents import reindex, remove_document
from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.errors import LibraryError
from briefing_reader.core.library import Library
from briefing_reader.core.search.index import IndexBusyError


def test_missing_index_is_rebuilt(library_dir: Path, seed_folder: Path) -> None:
    with Library.open(library_dir) as lib:
        import_paths(lib, [seed_folder])
    shutil.rmtree(library_dir / "index")
    with Library.open(library_dir) as lib:
        results = search(lib, "ironclad")
        assert results.total == 1
        assert "rebuilt" in results.notices[0]


# Whoosh leaves the damaged file's handle open when opening fails; that is its leak, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_corrupt_index_is_rebuilt(library_dir: Path, seed_folder: Path) -> None:
    with Library.open(library_dir) as lib:
        import_paths(lib, [seed_folder])
    for toc in (library_dir / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with Library.open(library_dir) as lib:
        assert search(lib, "ironclad").total == 1


def test_crash_between_database_and_index_is_repaired(library_dir: Path, seed_folder: Path) -> None:
    """Documents committed to SQLite but never indexed become searchable on next open."""
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from briefing_reader.app.importing import import_paths\n"
        "from briefing_reader.core.library import Library\n"
        "from briefing_reader.core.search import index\n"
        "index.IndexBatch.commit = lambda self, optimize=False: os._exit(9)  # die here\n"
        "import_paths(Library.open(Path(sys.argv[1])), [Path(sys.argv[2])], analyse=False)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(library_dir), str(seed_folder)])
    assert proc.returncode == 9
    with Library.open(library_dir) as lib:
        assert lib.store.count() == 2
        results = search(lib, "ironclad")
        assert results.total == 1
        assert "repaired" in results.notices[0]


def test_removed_document_left_in_index_is_dropped(library_dir: Path, seed_folder: Path) -> None:
    with Library.open(library_dir) as lib:
        doc_id = import_paths(lib, [seed_folder]).imported[0]
        lib.store.remove(doc_id)  # database only, as if the process died right after
    with Library.open(library_dir) as lib:
        results = search(lib, "")
        assert results.total == 1
        assert doc_id not in {h.id for h in results.hits}


def test_remove_and_reindex(library: Library, seed_folder: Path) -> None:
    first, second = import_paths(library, [seed_folder]).imported
    remove_document(library, first)
    assert search(library, "").total == 1
    assert reindex(library) == 1
    assert [h.id for h in search(library, "").hits] == [second]


def test_stale_lock_from_killed_process(
    library_dir: Path, seed_folder: Path, tmp_path: Path
) -> None:
    """A writer killed mid-import leaves its lock file; the next import is not blocked."""
    with Library.open(library_dir) as lib:
        import_paths(lib, [seed_folder / "000_fbe3ab94d1539b22.txt"])
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from briefing_reader.core.library import Library\n"
        "lib = Library.open(Path(sys.argv[1]))\n"
        "w = lib.index.writer()\n"
        "print('locked', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(library_dir)], capture_output=True, text=True
    )
    assert "locked" in proc.stdout and proc.returncode != 0
    assert list((library_dir / "index").glob("*LOCK*"))  # the lock file is still there
    with Library.open(library_dir) as lib:
        result = import_paths(lib, [seed_folder / "004_38e00efcb30f302b.txt"])
        assert len(result.imported) == 1 and not result.index_pending
        assert search(lib, "Schuster").total == 1


@pytest.mark.parametrize(
    "processes", [0, 1, 2], ids=["writer-here", "writer-process", "writer-pair"]
)
def test_lock_held_by_live_process_keeps_documents(
    library: Library, seed_folder: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    from briefing_reader.core.search import index as index_module

    monkeypatch.setattr(index_module, "WRITER_TIMEOUT", 0.05)  # the spawned writer waits 5 s
    if processes:  # an import without analysis, indexing as it reads
        monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 1)
        monkeypatch.setattr(index_module, "TWO_PROCESSES_FROM", 1 if processes == 2 else 99)
    library.ensure_index()
    holder = library.index.open().writer()  # another writer holds the lock
    try:
        result = import_paths(library, [seed_folder], analyse=not processes)
    finally:
        holder.cancel()
    assert len(result.imported) == 2 and result.index_pending
    assert any("locked by another running" in w for w in result.warnings)
    library.close()
    with Library.open(library.folder) as reopened:
        assert search(reopened, "ironclad").total == 1


def test_index_busy_error_is_a_library_error() -> None:
    assert issubclass(IndexBusyError, LibraryError)


def test_newer_schema_is_refused(library_dir: Path) -> None:
    import sqlite3

    Library.open(library_dir).close()
    db = sqlite3.connect(library_dir / "library.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(LibraryError, match="newer Briefing Reader"):
        Library.open(library_dir)


def test_not_a_database_is_a_clear_error(library_dir: Path) -> None:
    library_dir.mkdir()
    (library_dir / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="unusable"):
        Library.open(library_dir)


def test_a_check_during_another_writer_does_not_wait_for_its_lock(
    library: Library, seed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search opening the library while an import elsewhere holds the lock finds that
    import's documents pending: they are the import's to index, not a reason to wait."""
    import_paths(library, [seed_folder], analyse=False)
    library.store.mark_unindexed(library.store.all_ids())  # stored, not yet indexed
    tried: list[list[int]] = []
    monkeypatch.setattr(Library, "index_documents", lambda self, ids, *_: tried.append(ids))
    holder = library.index.open().writer()  # the import's writer
    try:
        with Library.open(library.folder) as other:
            assert other.ensure_index() == (
                "the search index is busy; some recent changes are not searchable yet"
            )
    finally:
        holder.cancel()
    assert tried == []
    with Library.open(library.folder) as later:  # free again: the pending ones are indexed
        assert later.ensure_index() is not None and tried
