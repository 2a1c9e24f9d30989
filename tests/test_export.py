"""Markdown export: shape, escaping, the user's own notes kept, no clobbering, atomic writes."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from briefing_reader.app import annotations as ops
from briefing_reader.app.exporting import export_notes, preview
from briefing_reader.core.export_markdown import ExportError, escape_text
from briefing_reader.core.library import Library

NASTY = "# Not a heading\n1. not a list\n[not](a-link) <script>x()</script> *no* _emphasis_ `code`"


def _yomiuri_id(library: Library) -> int:
    return next(d.id for d in library.store.list() if d.source == "The Yomiuri Shimbun")


def _front(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def test_one_document_export_has_front_matter_claims_highlights_entities(
    seeded_library: Library, tmp_path: Path
) -> None:
    doc_id = _yomiuri_id(seeded_library)
    made = ops.annotate(
        seeded_library,
        doc_id,
        quote="is ironclad",
        color="evidence",
        note="A *strong* word.",
        tags=["deterrence", "follow up"],
    ).annotation
    assert made is not None
    result = export_notes(seeded_library, tmp_path / "out", doc_ids=[doc_id])
    assert len(result.written) == 1 and not result.failed
    text = result.written[0].read_text(encoding="utf-8")
    front = _front(text)
    assert front["document_id"] == doc_id and front["source"] == "The Yomiuri Shimbun"
    assert front["published"] == "2024-12-12" and front["generator"] == "briefing-reader"
    assert front["tags"] == ["deterrence", "follow up"]
    assert "Lloyd Austin" in front["entities"] and "2½ years" not in front["entities"]
    assert "### Key claims" in text and "**Lloyd Austin** · quote" in text
    assert "> is ironclad" in text
    assert f"briefing-reader://doc/{doc_id}#annotation={made.uid}" in text
    assert "evidence (green) · #deterrence · #follow-up" in text
    assert "A *strong* word." in text  # the user's Markdown stays Markdown
    assert "### Entities" in text and "### My notes" in text
    assert "- Lloyd Austin (person, " in text and "- Japan (country or city, " in text
    assert "(gpe" not in text and "(norp" not in text
    assert result.summary() == f"1 file(s) written to {result.written[0]}"


def test_quotes_and_notes_cannot_break_the_markdown(seeded_library: Library) -> None:
    html = markdown.markdown(escape_text(NASTY))
    for tag in ("<h1", "<ol", "<li", "<a ", "<script", "<em", "<code"):
        assert tag not in html
    assert "# Not a heading" in html and "&lt;script&gt;" in html
    doc_id = _yomiuri_id(seeded_library)
    ops.annotate(seeded_library, doc_id, quote="is ironclad", note="# fake heading\n<b>raw</b>")
    rendered = markdown.markdown(preview(seeded_library, [doc_id]))
    assert "<h1>fake heading" not in rendered and "<b>raw</b>" not in rendered


def test_reexport_keeps_what_the_user_wrote(seeded_library: Library, tmp_path: Path) -> None:
    doc_id = _yomiuri_id(seeded_library)
    target = tmp_path / "notes.md"
    export_notes(seeded_library, target, doc_ids=[doc_id])
    text = target.read_text(encoding="utf-8")
    mine = "\nMy own analysis: the *ironclad* line matters.\n\n- follow up with the ministry\n"
    start = text.index("-->", text.index("briefing-reader:my-notes")) + 3
    end = text.index("<!-- briefing-reader:end-my-notes")
    target.write_text(text[:start] + mine + text[end:], encoding="utf-8")
    ops.annotate(seeded_library, doc_id, quote="is ironclad", note="added later")
    result = export_notes(seeded_library, target, doc_ids=[doc_id])
    assert result.kept_notes == 1
    again = target.read_text(encoding="utf-8")
    assert mine in again and "added later" in again
    assert again.count("briefing-reader:my-notes") == 1
    assert not list(tmp_path.glob(".notes.md.*"))  # no temporary file left behind


def test_a_file_the_export_did_not_make_is_not_overwritten(
    seeded_library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    target.write_text("# My hand-written report\n", encoding="utf-8")
    result = export_notes(seeded_library, target, combined=True)
    assert result.written == [] and "not written by Briefing Reader" in result.failed[0].reason
    assert target.read_text(encoding="utf-8") == "# My hand-written report\n"
    forced = export_notes(seeded_library, target, combined=True, force=True)
    assert forced.written == [target]
    assert _front(target.read_text(encoding="utf-8"))["generator"] == "briefing-reader"


def test_combined_export_and_tag_scope(seeded_library: Library, tmp_path: Path) -> None:
    doc_id = _yomiuri_id(seeded_library)
    ops.annotate(seeded_library, doc_id, quote="is ironclad", tags=["keep"])
    ops.annotate(seeded_library, doc_id, quote="Osprey", occurrence=1, tags=["other"])
    everything = export_notes(seeded_library, tmp_path / "all.md", combined=True)
    text = everything.written[0].read_text(encoding="utf-8")
    assert len(_front(text)["documents"]) == 2 and text.count("### My notes") == 2
    tagged = export_notes(seeded_library, tmp_path / "tagged.md", tag="keep")
    text = tagged.written[0].read_text(encoding="utf-8")
    assert "> is ironclad" in text and "> Osprey" not in text
    with pytest.raises(Exception, match="no annotation has the tag"):
        export_notes(seeded_library, tmp_path / "none.md", tag="missing")


def test_folder_export_writes_one_stable_file_per_document(
    seeded_library: Library, tmp_path: Path
) -> None:
    first = export_notes(seeded_library, tmp_path / "folder")
    assert len(first.written) == 2
    seeded_library.store.rename(_yomiuri_id(seeded_library), "A new title", "2026-01-01")
    second = export_notes(seeded_library, tmp_path / "folder")
    assert sorted(second.written) == sorted(first.written)  # same files: links and notes hold
    assert len(list((tmp_path / "folder").iterdir())) == 2
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    with pytest.raises(ExportError):
        export_notes(seeded_library, not_a_folder)


def test_w3c_round_trip_into_an_empty_library_with_the_same_documents(
    seeded_library: Library, tmp_path: Path
) -> None:
    import json

    from briefing_reader.app.importing import import_paths
    from briefing_reader.app.interchange import export_w3c, import_w3c
    from tests.conftest import SEEDS

    doc_id = _yomiuri_id(seeded_library)
    ops.annotate(seeded_library, doc_id, quote="is ironclad", note="n *1*", tags=["a", "b"])
    ops.annotate(seeded_library, doc_id, quote="Osprey", occurrence=2, color="question")
    original = seeded_library.annotations.search()
    path = tmp_path / "notes.json"
    assert export_w3c(seeded_library, path) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    first = data["items"][0]
    assert first["type"] == "Annotation" and first["@context"] == "http://www.w3.org/ns/anno.jsonld"
    kinds = {s["type"] for s in first["target"]["selector"]}
    assert kinds == {"TextQuoteSelector", "TextPositionSelector"}

    with Library.open(tmp_path / "fresh") as fresh:
        import_paths(fresh, [SEEDS], analyse=False)
        result = import_w3c(fresh, path)
        assert len(result.imported) == 2 and not result.failed and not result.orphaned
        copied = {a.uid: a for a in fresh.annotations.search()}
        for a in original:
            b = copied[a.uid]
            assert (b.exact, b.prefix, b.suffix, b.note, b.tags, b.color) == (
                a.exact,
                a.prefix,
                a.suffix,
                a.note,
                a.tags,
                a.color,
            )
            text = fresh.store.get(b.document_id).text
            assert text[b.start : b.end] == a.exact  # type: ignore[index]
        again = import_w3c(fresh, path)
        assert len(again.skipped) == 2 and not again.imported


def test_key_claims_are_chosen_as_the_window_chooses_them(seeded_library: Library) -> None:
    """Hidden key claims are not replaced by other claims; a document whose earlier analysis
    chose no key claims lists every claim and says why."""
    from briefing_reader.app.claims import correct_claim, document_claims

    doc_id = _yomiuri_id(seeded_library)
    every = document_claims(seeded_library, doc_id, every=True)
    key = document_claims(seeded_library, doc_id)
    assert 0 < len(key) < len(every)
    for claim in key:
        correct_claim(seeded_library, doc_id, claim.start, hidden=True)
    text = preview(seeded_library, [doc_id])
    claims_part = text[text.index("### Key claims") : text.index("### Highlights")]
    assert "_No key claims: all were hidden._" in claims_part
    assert claims_part.count("\n- **") == 0

    seeded_library.store.connection.execute("UPDATE claims SET is_key = 0")
    text = preview(seeded_library, [doc_id])
    claims_part = text[text.index("### Key claims") : text.index("### Highlights")]
    assert "An earlier analysis chose no key claims" in claims_part
    assert claims_part.count("\n- **") == len(every) - len(key)  # the hidden ones stay out
