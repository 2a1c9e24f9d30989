"""Index writing: the writer in its own process, lengths read once, the version rebuild."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from briefing_reader.app import analysing, importing
from briefing_reader.app.importing import import_paths
from briefing_reader.app.progress import REBUILDING, Progress
from briefing_reader.app.searching import search
from briefing_reader.core import indexing
from briefing_reader.core.indexing import index_pass
from briefing_reader.core.library import Library
from briefing_reader.core.model import Document
from briefing_reader.core.search import index as index_module
from briefing_reader.core.search.index import IndexBusyError
from briefing_reader.core.search.lengths import remember_lengths
from briefing_reader.core.search.schema import INDEX_VERSION, build_schema, document_fields
from briefing_reader.core.search.writer_process import WriterProcess


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders writer processes were started for, in order."""
    folders: list[Path] = []
    start = WriterProcess.__init__

    def recorded(self: WriterProcess, folder: Path, *args: object) -> None:
        folders.append(folder)
        start(self, folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(WriterProcess, "__init__", recorded)
    return folders


def _notes(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        words = " ".join(f"w{number}x{k}" for k in range(number % 7 + 1))
        (folder / f"note{number:03}.txt").write_text(
            f"Note {number}\n\nThe harbour pilots met on day {number}. {words}\n", "utf-8"
        )
    return folder


def test_an_import_without_analysis_indexes_as_it_reads(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 3)
    monkeypatch.setattr(importing, "GROUP_FILES", 2)
    added: list[int] = []
    original = importing.IndexPass.add

    def spy(self: importing.IndexPass, doc: Document, *args: object) -> None:
        added.append(library.store.count())  # how many were stored when this one came
        original(self, doc, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importing.IndexPass, "add", spy)
    result = import_paths(library, [_notes(tmp_path / "notes", 6)], analyse=False)
    assert len(result.imported) == 6 and not result.index_pending
    # each as soon as its group of files is committed (2 here), not at the end
    assert len(added) == 6
    assert all(position <= stored <= position + 1 for position, stored in enumerate(added, 1))
    assert library.store.unindexed_ids() == []
    assert search(library, "harbour").total == 6
    assert search(library, "w5x5").total == 1


def test_a_writer_process_killed_before_its_commit_loses_nothing(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 3)
    commit = WriterProcess.commit

    def killed_first(self: WriterProcess, optimize: bool) -> dict[int, str]:
        os.kill(self._process.pid, signal.SIGKILL)
        self._process.join(5)
        return commit(self, optimize)

    monkeypatch.setattr(WriterProcess, "commit", killed_first)
    result = import_paths(library, [_notes(tmp_path / "notes", 4)], analyse=False)
    assert len(result.imported) == 4 and result.index_pending
    assert any("stopped before its commit" in warning for warning in result.warnings)
    assert sorted(library.store.unindexed_ids()) == sorted(result.imported)
    library.close()
    with Library.open(library.folder) as again:
        assert search(again, "harbour").total == 4
        assert again.store.unindexed_ids() == []


def test_the_writer_process_ends_with_its_pass(library: Library, tmp_path: Path) -> None:
    import_paths(library, [_notes(tmp_path / "notes", 2)], analyse=False)
    with pytest.raises(KeyboardInterrupt), index_pass(library, processes=1) as indexing:
        indexing.add_stored(library.store.all_ids())
        process = indexing._batch._writer._process  # type: ignore[union-attr]
        raise KeyboardInterrupt
    ends = time.monotonic() + 5
    while process.is_alive() and time.monotonic() < ends:
        time.sleep(0.05)
    assert not process.is_alive()
    # nothing was committed, and the lock is free for the next writer
    library.index.writer().cancel()


def test_lengths_read_once_give_the_same_postings(library: Library, tmp_path: Path) -> None:
    import_paths(library, [_notes(tmp_path / "notes", 30)], analyse=False)
    docs = list(library.store.get_many(library.store.all_ids()).values())

    def postings(folder: Path, remember: bool) -> list[object]:
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        writer = ix.writer()
        if remember:
            remember_lengths(writer)
        for doc in docs:
            writer.add_document(**document_fields(doc))
        writer.commit()
        found = []
        with ix.reader() as reader:
            for fieldname, text in reader.all_terms():
                info = reader.term_info(fieldname, text)
                matcher = reader.postings(fieldname, text)
                items = []
                while matcher.is_active():
                    items.append((matcher.id(), matcher.weight(), matcher.block_max_length()))
                    matcher.next()
                found.append((fieldname, text, info.min_length(), info.max_length(), items))
        ix.close()
        return found

    plain = postings(tmp_path / "plain", remember=False)
    assert plain == postings(tmp_path / "remembered", remember=True)
    assert any(info[2] for info in plain)  # the lengths were there to compare


def _of_an_earlier_version(library_dir: Path, notes: Path) -> None:
    """A library holding ``notes`` whose index says an earlier version wrote it."""
    with Library.open(library_dir) as lib:
        import_paths(lib, [notes], analyse=False)
    (library_dir / "index" / "BRIEFING_INDEX_VERSION").write_text(str(INDEX_VERSION - 1))


def test_an_index_of_an_earlier_version_is_rebuilt_once_with_progress(
    library_dir: Path, tmp_path: Path
) -> None:
    _of_an_earlier_version(library_dir, _notes(tmp_path / "notes", 5))
    seen: list[tuple[int, int]] = []
    with Library.open(library_dir) as lib:
        notice = lib.ensure_index(lambda done, total: seen.append((done, total)))
        assert notice is not None and "rebuilt" in notice
        assert seen[-1] == (5, 5)
        assert search(lib, "harbour").total == 5
    with Library.open(library_dir) as lib:
        assert lib.ensure_index() is None  # once


def test_a_large_rebuild_is_written_by_a_process_of_its_own(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Path]
) -> None:
    import_paths(library, [_notes(tmp_path / "notes", 5)], analyse=False)
    monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 3)
    seen: list[tuple[int, int]] = []
    assert library.rebuild_index(lambda done, total: seen.append((done, total))) == 5
    assert [folder.name for folder in started] == ["index.new"] and seen[-1] == (5, 5)
    assert search(library, "harbour").total == 5 and library.store.unindexed_ids() == []

    def killed_first(self: WriterProcess, optimize: bool) -> dict[int, str]:
        os.kill(self._process.pid, signal.SIGKILL)
        self._process.join(5)
        return commit(self, optimize)

    commit = WriterProcess.commit
    monkeypatch.setattr(WriterProcess, "commit", killed_first)
    with pytest.raises(IndexBusyError, match="stopped before its commit"):
        library.rebuild_index()
    assert not (library.folder / "index.new").exists()
    assert search(library, "harbour").total == 5  # the index it had is kept


def test_a_large_reanalysis_indexes_through_a_writer_process(
    seeded_library: Library, monkeypatch: pytest.MonkeyPatch, started: list[Path]
) -> None:
    monkeypatch.setattr(index_module, "OWN_PROCESS_FROM", 1)
    result = analysing.reanalyse(seeded_library)
    assert started and result.analysed and not result.warnings
    assert seeded_library.store.unindexed_ids() == []
    person = next(
        m.canonical
        for doc_id in result.analysed
        for m in seeded_library.entities.mentions(doc_id)
        if m.label == "PERSON"
    )
    assert search(seeded_library, f'person:"{person}"').total >= 1


def test_an_import_reports_the_rebuild_of_an_earlier_index(
    library_dir: Path, tmp_path: Path
) -> None:
    _of_an_earlier_version(library_dir, _notes(tmp_path / "notes", 3))
    seen: list[Progress] = []
    with Library.open(library_dir) as lib:
        new = tmp_path / "new.txt"
        new.write_text("A new note\n\nThe harbour pilots met again.\n", "utf-8")
        import_paths(lib, [new], seen.append, analyse=False)
        assert search(lib, "harbour").total == 4
    rebuild = [p for p in seen if p.phase == REBUILDING]
    assert (rebuild[0].done, rebuild[0].total) == (1, 3)  # before any file is read
    assert seen.index(rebuild[0]) < min(i for i, p in enumerate(seen) if p.phase == "reading files")


def test_a_pass_merges_the_index_only_when_it_wrote_a_good_share_of_it(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merging rewrites the whole index: worth it for a large import into a small library,
    not for re-analysing a few hundred documents of a large one."""
    import_paths(library, [_notes(tmp_path / "notes", 12)], analyse=False)
    ids = library.store.all_ids()
    asked: list[bool] = []

    def record(self: indexing.IndexPass, optimize: bool) -> None:
        asked.append(optimize)
        self.cancel()  # nothing written, the lock let go

    monkeypatch.setattr(indexing.IndexPass, "commit", record)
    for written in (2, 3, 12):
        with index_pass(library, optimize_from=2) as pass_:
            pass_.add_stored(ids[:written])
    with index_pass(library, optimize_from=13) as pass_:
        pass_.add_stored(ids)
    assert library.index.doc_count() == 12
    assert asked == [False, True, True, False]
