"""Annotations: create, edit, tag, delete, undo/redo, search, and survival across re-import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing_reader.app import annotations as ops
from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.annotation_store import AnnotationError, clean_tags
from briefing_reader.core.library import Library
from tests.conftest import SEED_YOMIURI

IRONCLAD = "is ironclad"


def _yomiuri_id(library: Library) -> int:
    return next(d.id for d in library.store.list() if d.source == "The Yomiuri Shimbun")


def test_highlight_a_quote_with_note_and_tags(seeded_library: Library) -> None:
    doc_id = _yomiuri_id(seeded_library)
    change = ops.annotate(
        seeded_library,
        doc_id,
        quote=IRONCLAD,
        color="disputed",
        note="Compare with the *2023* statement",
        tags=["#deterrence", "US, Japan", "deterrence"],
    )
    a = change.annotation
    assert a is not None
    text = seeded_library.store.get(doc_id).text
    assert text[a.start : a.end] == IRONCLAD
    assert a.color == "red"  # "disputed" is the red colour's meaning
    assert a.tags == ["deterrence", "US", "Japan"]
    assert a.prefix == text[max(0, a.start - 32) : a.start]
    assert len(a.suffix) == 32 and text.startswith(a.suffix, a.end)
    assert a.uid and len(a.uid) == 32
    listed = ops.list_annotations(seeded_library, doc_id)
    assert [x.uid for x in listed] == [a.uid]


def test_ambiguous_or_missing_quotes_are_clear_errors(seeded_library: Library) -> None:
    doc_id = _yomiuri_id(seeded_library)
    with pytest.raises(AnnotationError, match=r"occurs \d+ times .* --occurrence"):
        ops.annotate(seeded_library, doc_id, quote="South Korea")
    with pytest.raises(AnnotationError, match="does not contain"):
        ops.annotate(seeded_library, doc_id, quote="no such words here")
    with pytest.raises(AnnotationError, match="no colour 'mauve'"):
        ops.annotate(seeded_library, doc_id, quote=IRONCLAD, color="mauve")
    second = ops.annotate(seeded_library, doc_id, quote="South Korea", occurrence=2).annotation
    text = seeded_library.store.get(doc_id).text
    assert second is not None and second.start == text.index(
        "South Korea", text.index("South Korea") + 1
    )


def test_edit_delete_undo_redo(seeded_library: Library) -> None:
    doc_id = _yomiuri_id(seeded_library)
    made = ops.annotate(seeded_library, doc_id, quote=IRONCLAD, note="first").annotation
    assert made is not None
    ops.edit_annotation(seeded_library, made.id, note="second", tags=["evidence"])
    ops.edit_annotation(seeded_library, made.uid, color="blue")
    got = seeded_library.annotations.get(made.id)
    assert (got.note, got.tags, got.color) == ("second", ["evidence"], "blue")
    ops.delete_annotation(seeded_library, made.id)
    assert ops.list_annotations(seeded_library, doc_id) == []
    assert ops.history_labels(seeded_library) == ("delete highlight", None)

    ops.undo(seeded_library)  # the delete
    assert seeded_library.annotations.get(made.uid).color == "blue"
    ops.undo(seeded_library)  # the colour
    ops.undo(seeded_library)  # the note and tags
    got = seeded_library.annotations.get(made.uid)
    assert (got.note, got.tags, got.color) == ("first", [], "yellow")
    ops.undo(seeded_library)  # the highlight itself
    assert ops.list_annotations(seeded_library, doc_id) == []
    with pytest.raises(AnnotationError, match="nothing to undo"):
        ops.undo(seeded_library)

    ops.redo(seeded_library)
    ops.redo(seeded_library)
    got = seeded_library.annotations.get(made.uid)
    assert (got.note, got.tags, got.id) == ("second", ["evidence"], made.id)
    # a new change drops what was undone
    ops.edit_annotation(seeded_library, made.id, note="third")
    with pytest.raises(AnnotationError, match="nothing to redo"):
        ops.redo(seeded_library)


def test_a_highlight_and_its_undo_step_commit_together(
    seeded_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = _yomiuri_id(seeded_library)

    def broken_record(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(seeded_library.annotations, "record", broken_record)
    with pytest.raises(RuntimeError):
        ops.annotate(seeded_library, doc_id, quote=IRONCLAD)
    assert seeded_library.annotations.for_document(doc_id) == []


def test_a_note_saved_while_typing_is_one_undo_step(seeded_library: Library) -> None:
    doc_id = _yomiuri_id(seeded_library)
    uid = ops.annotate(seeded_library, doc_id, quote=IRONCLAD).annotation.uid  # type: ignore[union-attr]
    for draft in ("Com", "Compare with", "Compare with 2023"):
        change = ops.edit_annotation(seeded_library, uid, note=draft, merge=True)
    assert change.annotations == [doc_id] and change.annotation is not None
    assert ops.history_labels(seeded_library) == ("edit note", None)
    ops.undo(seeded_library)
    assert seeded_library.annotations.get(uid).note == ""
    ops.undo(seeded_library)
    assert seeded_library.annotations.for_document(doc_id) == []


def test_a_highlight_indexed_later_is_searchable_then_and_after_a_crash(
    seeded_library: Library,
) -> None:
    from briefing_reader.app.documents import index_pending

    doc_id = _yomiuri_id(seeded_library)
    change = ops.annotate(seeded_library, doc_id, quote=IRONCLAD, note="zebrafish", index_now=False)
    assert change.unindexed == [doc_id] and change.searchable == []
    assert doc_id in seeded_library.store.unindexed_ids()  # marked with the change itself
    indexed = index_pending(seeded_library, change.unindexed)
    assert indexed.searchable == [doc_id]
    assert search(seeded_library, "note:zebrafish").total == 1
    # a window closed before indexing: the next start indexes what was left
    ops.edit_annotation(seeded_library, change.annotation.uid, note="okapi", index_now=False)  # type: ignore[union-attr]
    folder = seeded_library.folder
    seeded_library.close()
    with Library.open(folder) as reopened:
        reopened.ensure_index()
        assert search(reopened, "note:okapi").total == 1


def test_notes_and_tags_are_searchable(seeded_library: Library) -> None:
    doc_id = _yomiuri_id(seeded_library)
    ops.annotate(
        seeded_library,
        doc_id,
        quote=IRONCLAD,
        note="Check the treaty wording",
        tags=["treaty-check"],
    )
    for query in ("note:treaty", "tag:treaty-check", "wording", 'note:"ironclad"'):
        results = search(seeded_library, query)
        assert [h.id for h in results.hits] == [doc_id], query
        assert [a.note for a in results.hits[0].annotations] == ["Check the treaty wording"], query
    assert search(seeded_library, "tag:nonexistent").total == 0


def test_tags_are_cleaned_and_counted(seeded_library: Library) -> None:
    assert clean_tags(["#a", "b, c", " A ", ""]) == ["a", "b", "c"]
    doc_id = _yomiuri_id(seeded_library)
    ops.annotate(seeded_library, doc_id, quote=IRONCLAD, tags=["alpha", "beta"])
    ops.annotate(seeded_library, doc_id, quote="Osprey", occurrence=1, tags=["alpha"])
    assert seeded_library.annotations.tags() == [("alpha", 2), ("beta", 1)]
    assert [a.exact for a in ops.list_annotations(seeded_library, tag="#beta")] == [IRONCLAD]


def test_palette_meanings_can_be_renamed(seeded_library: Library) -> None:
    seeded_library.annotations.set_meaning("yellow", "key point")
    assert ("yellow", "key point") in seeded_library.annotations.palette()
    assert seeded_library.annotations.check_colour("Key point") == "yellow"


def test_annotations_follow_their_passages_when_a_document_is_reimported(
    tmp_path: Path, library: Library
) -> None:
    article = tmp_path / "yomiuri.txt"
    shutil.copy(SEED_YOMIURI, article)
    import_paths(library, [article], analyse=False)
    doc_id = library.store.list()[0].id
    kept = ops.annotate(library, doc_id, quote=IRONCLAD, note="keep me").annotation
    deleted_passage = "The Ground Self-Defense Force has also suspended the operations"
    lost = ops.annotate(library, doc_id, quote=deleted_passage, note="orphan me").annotation
    assert kept is not None and lost is not None

    text = article.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if deleted_passage in p)
    edited = "An editor's note added at the top.\n\n" + text.replace(paragraph + "\n\n", "")
    article.write_text(edited.replace("cooperation", "co-operation"), encoding="utf-8")
    result = import_paths(library, [article], analyse=False)
    assert result.updated == [doc_id]

    new_text = library.store.get(doc_id).text
    moved = library.annotations.get(kept.uid)
    assert not moved.orphaned and new_text[moved.start : moved.end] == IRONCLAD
    assert moved.start != kept.start
    orphan = library.annotations.get(lost.uid)
    assert orphan.orphaned and orphan.start is None
    assert orphan.exact == deleted_passage and orphan.note == "orphan me"
    assert [a.uid for a in ops.list_annotations(library, orphaned=True)] == [lost.uid]
    # the index follows: the note of the moved annotation is still found
    assert [h.id for h in search(library, "note:keep").hits] == [doc_id]


def test_removing_nothing_else_loses_no_annotation_on_reanalysis(seeded_library: Library) -> None:
    from briefing_reader.app.analysing import reanalyse

    doc_id = _yomiuri_id(seeded_library)
    made = ops.annotate(seeded_library, doc_id, quote=IRONCLAD, tags=["kept"]).annotation
    reanalyse(seeded_library, [doc_id])
    assert seeded_library.annotations.get(made.uid).tags == ["kept"]  # type: ignore[union-attr]
    assert [h.id for h in search(seeded_library, "tag:kept").hits] == [doc_id]


def test_cli_annotate_list_edit_delete_undo(
    seeded_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from briefing_reader.cli import main

    folder = str(seeded_library.folder)
    doc_id = _yomiuri_id(seeded_library)
    run = lambda *argv: main(["--library", folder, *argv])  # noqa: E731
    assert run("annotate", str(doc_id), "--quote", IRONCLAD, "--tag", "t1", "--note", "n1") == 0
    assert run("annotate", str(doc_id), "--quote", "South Korea") == 1
    assert "--occurrence" in capsys.readouterr().err
    assert run("annotations", str(doc_id), "--json") == 0
    listed = json.loads(capsys.readouterr().out)["annotations"]
    assert [(a["quote"], a["tags"], a["note"]) for a in listed] == [(IRONCLAD, ["t1"], "n1")]
    aid = str(listed[0]["id"])
    assert run("note", aid, "--note", "n2", "--color", "question") == 0
    assert run("unannotate", aid) == 0
    assert run("annotations", "--json") == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{") :])["annotations"] == []
    assert run("undo") == 0
    assert run("annotations", "--tag", "t1", "--json") == 0
    out = capsys.readouterr().out
    restored = json.loads(out[out.index("{") :])["annotations"]
    assert [(a["note"], a["color"]) for a in restored] == [("n2", "blue")]
    assert run("unannotate", "999") == 1
    assert "no annotation 999" in capsys.readouterr().err
