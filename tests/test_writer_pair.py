"""Two writer processes sharing a large batch: a segment each, committed together."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.indexing import index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.search import index as index_module
from briefing_reader.core.search.writer_process import WriterPair, WriterProcess

NOTES = 20


@pytest.fixture
def pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch of 3 documents or more is written by two processes."""
    monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 2)
    monkeypatch.setattr(index_module, "TWO_PROCESSES_FROM", 3)


def _notes(folder: Path, count: int = NOTES) -> Path:
    folder.mkdir()
    for number in range(count):
        (folder / f"note{number:03}.txt").write_text(
            f"Note {number}\n\nThe harbour pilots met on day w{number}x.\n", "utf-8"
        )
    return folder


def _segments(library: Library) -> int:
    return len(library.index.open()._segments())


def _segment_files(library: Library) -> set[str]:
    return {path.name for path in (library.folder / "index").glob("*.seg")}


def _kill(process: WriterProcess) -> None:
    os.kill(process._process.pid, signal.SIGKILL)
    process._process.join(5)


@pytest.mark.usefixtures("pairs")
def test_an_import_written_by_two_processes_holds_every_document_once(
    library: Library, tmp_path: Path
) -> None:
    result = import_paths(library, [_notes(tmp_path / "notes")], analyse=False)
    assert len(result.imported) == NOTES and not result.index_pending
    assert _segments(library) == 2  # one per process, committed together
    assert library.store.unindexed_ids() == []
    assert search(library, "harbour").total == NOTES == library.index.doc_count()
    for number in range(NOTES):
        assert search(library, f"w{number}x").total == 1


@pytest.mark.usefixtures("pairs")
def test_documents_written_again_by_two_processes_replace_their_entries(
    library: Library, tmp_path: Path
) -> None:
    """The helper cannot delete: the lead deletes the old entry of what it writes."""
    import_paths(library, [_notes(tmp_path / "notes")], analyse=False)
    with index_pass(library, processes=2) as indexing:
        indexing.add_stored(library.store.all_ids())
    assert library.index.doc_count() == NOTES
    assert search(library, "harbour").total == NOTES


@pytest.mark.usefixtures("pairs")
@pytest.mark.parametrize("lost", ["_lead", "_helper"])
def test_a_writer_of_the_pair_killed_before_the_commit_loses_nothing(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lost: str
) -> None:
    commit = WriterPair.commit

    def killed_first(self: WriterPair, optimize: bool) -> dict[int, str]:
        _kill(getattr(self, lost))
        return commit(self, optimize)

    monkeypatch.setattr(WriterPair, "commit", killed_first)
    result = import_paths(library, [_notes(tmp_path / "notes")], analyse=False)
    assert len(result.imported) == NOTES and result.index_pending
    assert any("stopped before its commit" in warning for warning in result.warnings)
    assert sorted(library.store.unindexed_ids()) == sorted(result.imported)
    assert search(library, "harbour").total == 0  # nothing half committed
    monkeypatch.setattr(WriterPair, "commit", commit)
    library.close()
    with Library.open(library.folder) as again:
        assert search(again, "harbour").total == NOTES
        assert again.store.unindexed_ids() == []
        # the segment files the lost pass left behind went with the next commit
        assert len(_segment_files(again)) == _segments(again)


@pytest.mark.usefixtures("pairs")
def test_a_pair_cancelled_leaves_the_index_and_its_lock_as_they_were(
    library: Library, tmp_path: Path
) -> None:
    import_paths(library, [_notes(tmp_path / "notes", 4)], analyse=False)
    before = _segment_files(library)
    with pytest.raises(KeyboardInterrupt), index_pass(library, processes=2) as indexing:
        indexing.add_stored(library.store.all_ids())
        raise KeyboardInterrupt
    assert library.index.doc_count() == 4
    library.index.writer().cancel()  # the lock is free
    assert before <= _segment_files(library)


@pytest.mark.usefixtures("pairs")
def test_a_large_rebuild_is_written_by_two_processes(library: Library, tmp_path: Path) -> None:
    import_paths(library, [_notes(tmp_path / "notes")], analyse=False)
    assert library.rebuild_index() == NOTES
    assert _segments(library) == 2 and search(library, "harbour").total == NOTES


@pytest.mark.usefixtures("pairs")
def test_two_processes_sorting_runs_on_disk_share_the_temporary_folder(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library larger than the writers' memory: both spill postings to runs in the one
    temporary folder Whoosh names after the index, which only the lead removes."""
    from briefing_reader.core.search import writer_process

    monkeypatch.setattr(writer_process, "POOL_MB", 0)  # every posting goes to a run
    result = import_paths(library, [_notes(tmp_path / "notes")], analyse=False)
    assert not result.index_pending and library.store.unindexed_ids() == []
    assert search(library, "harbour").total == NOTES
    assert all(search(library, f"w{number}x").total == 1 for number in range(NOTES))
    assert not list((library.folder / "index").glob("*.tmp"))  # removed with the commit
