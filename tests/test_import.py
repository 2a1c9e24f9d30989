"""Importing into a library: dedupe, updates, originals, and every kind of bad input."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from briefing_reader.app.importing import import_paths
from briefing_reader.app.progress import CancelToken, Progress
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library


def test_import_seeds_with_metadata(library: Library, seed_folder: Path) -> None:
    result = import_paths(library, [seed_folder])
    assert len(result.imported) == 2 and not result.failed
    docs = {d.file_name: d for d in library.store.list()}
    yomiuri = docs["000_fbe3ab94d1539b22.txt"]
    assert yomiuri.published is not None and yomiuri.published.iso() == "2024-12-12"
    assert yomiuri.source == "The Yomiuri Shimbun"
    thanh = docs["004_38e00efcb30f302b.txt"]
    assert thanh.published is not None and thanh.published.iso() == "--07-30"
    assert thanh.dateline == "Washington"
    assert thanh.source == "Thanh Nien Newspaper"
    # a byte-identical copy of each original is kept in the library
    assert (library.folder / yomiuri.original_copy).read_bytes() == (
        seed_folder / "000_fbe3ab94d1539b22.txt"
    ).read_bytes()


def test_reimport_unchanged_and_duplicates(
    library: Library, seed_folder: Path, tmp_path: Path
) -> None:
    import_paths(library, [seed_folder])
    again = import_paths(library, [seed_folder])
    assert again.imported == [] and len(again.unchanged) == 2
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes((seed_folder / "000_fbe3ab94d1539b22.txt").read_bytes())
    dup = import_paths(library, [copy])
    assert dup.imported == [] and len(dup.unchanged) == 1
    assert any("same text as document" in w for w in dup.warnings)
    assert library.store.count() == 2


def test_reimport_changed_file_updates_same_document(library: Library, seed_folder: Path) -> None:
    path = seed_folder / "000_fbe3ab94d1539b22.txt"
    first = import_paths(library, [path])
    doc_id = first.imported[0]
    old_text = library.store.get(doc_id).text
    path.write_text(path.read_text(encoding="utf-8").replace("ironclad", "rock solid"), "utf-8")
    second = import_paths(library, [path])
    assert second.updated == [doc_id] and second.imported == []
    doc = library.store.get(doc_id)
    assert "rock solid" in doc.text
    # the earlier text is kept as a revision, nothing is lost
    assert library.store.revisions(doc_id)[0]["text"] == old_text
    assert search(library, "ironclad").total == 0
    assert [h.id for h in search(library, '"rock solid"').hits] == [doc_id]


def test_user_title_survives_reimport(library: Library, seed_folder: Path) -> None:
    from briefing_reader.app.documents import rename_document

    path = seed_folder / "000_fbe3ab94d1539b22.txt"
    doc_id = import_paths(library, [path]).imported[0]
    rename_document(library, doc_id, "Trilateral security editorial")
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new closing line.", "utf-8")
    import_paths(library, [path])
    assert library.store.get(doc_id).title == "Trilateral security editorial"
    assert search(library, "title:trilateral").hits[0].id == doc_id


def _failures(result) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in result.failed}


def test_bad_files_fail_alone_with_reasons(
    library: Library, seed_folder: Path, tmp_path: Path
) -> None:
    import_paths(library, [seed_folder])
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "huge.txt").write_bytes(b"word " * (11 * 1024 * 1024 // 5))
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (bad / "notes.xyz").write_text("unknown format")
    (bad / "good.txt").write_text("A perfectly good article about ports.\n\nIt has two paragraphs.")
    result = import_paths(library, [bad], max_bytes=10 * 1024 * 1024)
    reasons = _failures(result)
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "larger than the 10 MB limit" in reasons["huge.txt"]
    assert "PDF" in reasons["truncated.pdf"]
    assert str(bad / "notes.xyz") in result.skipped
    assert len(result.imported) == 1
    # nothing stored before was lost, and the library still opens and searches
    assert library.store.count() == 3
    library.close()
    with Library.open(library.folder) as reopened:
        assert search(reopened, "ironclad").total == 1
        assert search(reopened, "ports").total == 1


def test_50_mb_text_file_is_refused_without_reading_it(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant to create
    result = import_paths(library, [path])
    assert _failures(result) == {
        "dump.txt": "file is 50.0 MB, larger than the 20 MB limit for one document"
    }


def test_explicit_unsupported_file_is_a_failure(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    result = import_paths(library, [path, tmp_path / "missing.txt"])
    reasons = _failures(result)
    assert "unsupported format .pptx" in reasons["slides.pptx"]
    assert reasons["missing.txt"] == "no such file or folder"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 na\u00efve \u201cquoted\u201d".encode("cp1252"), "Café naïve “quoted”"),
        ("Grüße aus Köln".encode("utf-16"), "Grüße aus Köln"),
        ("Grüße aus Köln, a longer line".encode("utf-16-le"), "Grüße aus Köln, a longer line"),
        (
            "Zürich\n".encode()
            + "Genève “x”\n".encode("cp1252")
            + "São Paulo\n".encode()
            + "Reykjavík\n".encode()
            + "Kraków\n".encode()
            + "Malmö\n".encode(),
            "Genève “x”",
        ),
    ],
    ids=["cp1252", "utf16-bom", "utf16-le-no-bom", "mixed"],
)
def test_encodings(library: Library, tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    result = import_paths(library, [path])
    assert not result.failed, result.failed
    assert expected in library.store.get(result.imported[0]).text


def test_mixed_encoding_warns(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("São Paulo\n".encode() * 8 + "Genève\n".encode("cp1252"))
    result = import_paths(library, [path])
    assert any("mixed encodings" in w for w in result.warnings)


def test_file_vanishing_mid_import(library: Library, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First article text.")
    (folder / "b.txt").write_text("Second article text.")

    def vanish(progress: Progress) -> None:
        if progress.message.endswith("a.txt"):
            (folder / "b.txt").unlink()

    result = import_paths(library, [folder], progress=vanish)
    assert _failures(result) == {"b.txt": "file disappeared before it could be read"}
    assert len(result.imported) == 1


def test_unreadable_folder_is_reported(library: Library, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (folder / "ok.txt").write_text("Readable article.")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = import_paths(library, [folder])
    assert _failures(result) == {"locked": "permission denied (folder)"}
    assert len(result.imported) == 1


def test_disk_full_during_store_keeps_earlier_documents(
    library: Library, seed_folder: Path, tmp_path: Path, monkeypatch
) -> None:
    import_paths(library, [seed_folder / "000_fbe3ab94d1539b22.txt"])
    store = library.store

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "insert", full)
    result = import_paths(library, [seed_folder / "004_38e00efcb30f302b.txt"])
    assert "disk full" in result.failed[0].reason
    assert store.count() == 1


def test_cancel_stops_and_keeps_what_was_done(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(f"Article number {n} about shipping lanes.")
    token = CancelToken()
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.done == 3:
            token.cancel()

    result = import_paths(library, [folder], progress=progress, cancel=token)
    assert result.cancelled
    assert len(result.imported) == 3
    assert search(library, "shipping").total == 3
    assert seen[0].total == 6


def test_the_next_files_are_converted_while_the_current_one_is_stored(
    library: Library, tmp_path: Path, monkeypatch
) -> None:
    from briefing_reader.app import files_ahead
    from briefing_reader.app.file_worker import shared_worker

    monkeypatch.setattr(files_ahead, "AHEAD_FILES", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in "abcde":
        (folder / f"{name}.txt").write_text(f"Article {name} text.")
    events: list[tuple[str, str]] = []
    worker, store = shared_worker(), library.store
    send, insert = worker.send, store.insert

    def sending(path: Path, *args):
        events.append(("send", path.name))
        return send(path, *args)

    def storing(doc, *args):
        events.append(("store", doc.file_name))
        return insert(doc, *args)

    monkeypatch.setattr(worker, "send", sending)
    monkeypatch.setattr(store, "insert", storing)
    result = import_paths(library, [folder], analyse=False)
    assert len(result.imported) == 5 and not result.failed
    assert events == [
        ("send", "a.txt"),
        ("send", "b.txt"),
        ("send", "c.txt"),  # two ahead of the file being stored
        ("store", "a.txt"),
        ("send", "d.txt"),
        ("store", "b.txt"),
        ("send", "e.txt"),
        ("store", "c.txt"),
        ("store", "d.txt"),
        ("store", "e.txt"),
    ]
    assert worker.in_flight == 0


def test_a_group_of_files_the_database_cannot_commit_is_reported_failed(
    library: Library, tmp_path: Path, monkeypatch
) -> None:
    from briefing_reader.app import importing
    from briefing_reader.core.transactions import GroupLost, TransactionGroup

    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(f"Note {n}\n\nThe pilots of berth {n} met at dawn.")
    monkeypatch.setattr(importing, "GROUP_FILES", 2)
    monkeypatch.setattr(
        importing.shared_worker(), "answered", lambda within: True
    )  # groups by size
    commits = 0
    real_commit = TransactionGroup.commit

    def second_fails(self: TransactionGroup) -> None:
        nonlocal commits
        if self.age() == 0.0:  # nothing open
            return real_commit(self)
        commits += 1
        if commits == 2:  # files 2 and 3
            library.store.connection.execute("ROLLBACK")  # what a full disk leaves
            with pytest.raises(GroupLost):
                real_commit(self)
            raise sqlite3.OperationalError("database or disk is full")
        return real_commit(self)

    monkeypatch.setattr(TransactionGroup, "commit", second_fails)
    result = import_paths(library, [folder], analyse=False)
    failed = _failures(result)
    assert failed == {"2.txt": "disk full: the document was not saved"} | {
        "3.txt": "disk full: the document was not saved"
    }
    assert len(result.imported) == 3 and library.store.count() == 3
    titles = sorted(d.title for d in library.store.list())
    assert titles == ["Note 0", "Note 1", "Note 4"]
    assert search(library, "berth").total == 3 and library.store.word_count("berth") == 3


def test_the_copy_of_a_duplicate_file_is_not_kept(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"Harbour note\n\nThe pilots met at dawn.\n")
    (folder / "b.txt").write_bytes(b"Harbour note\r\n\r\nThe pilots met at dawn.\r\n")
    (folder / "c.txt").write_bytes((folder / "a.txt").read_bytes())  # a's very bytes
    result = import_paths(library, [folder], analyse=False)
    assert len(result.imported) == 1 and len(result.unchanged) == 2
    kept = [p for p in (library.folder / "originals").rglob("*") if p.is_file()]
    (doc,) = library.store.list()
    assert [p.relative_to(library.folder).as_posix() for p in kept] == [doc.original_copy]
    assert kept[0].read_bytes() == (folder / "a.txt").read_bytes()
