"""The command line: JSON contracts, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_reader.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, seed_folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    library = str(tmp_path / "cli-library")
    code, out, _ = run(capsys, "--library", library, "import", str(seed_folder))
    assert code == EXIT_OK
    assert "2 imported, 0 updated, 0 unchanged, 0 failed" in out
    return library


def test_list_json_contract(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--library", lib)
    assert code == EXIT_OK
    documents = json.loads(out)["documents"]
    assert [set(d) for d in documents] == [
        {"id", "title", "source", "published", "dateline", "file"}
    ] * 2
    by_file = {d["file"]: d for d in documents}
    assert by_file["004_38e00efcb30f302b.txt"]["published"] == "--07-30"
    assert by_file["004_38e00efcb30f302b.txt"]["dateline"] == "Washington"


def test_show_json_contract(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--library", lib, "list", "--json")
    doc_id = next(
        d["id"] for d in json.loads(out)["documents"] if d["source"] == "The Yomiuri Shimbun"
    )
    code, out, _ = run(capsys, "--library", lib, "show", str(doc_id), "--json")
    doc = json.loads(out)
    assert code == EXIT_OK
    assert doc["id"] == doc_id and doc["published"] == "2024-12-12"
    assert doc["text"].startswith("Security cooperation among Japan")
    assert {"title", "source", "dateline", "text"} <= set(doc)


def test_search_json_contract(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", lib, "search", "osprey", "--json")
    data = json.loads(out)
    assert code == EXIT_OK
    assert {"query", "total", "results", "facets", "suggestion"} <= set(data)
    assert data["total"] == 1
    hit = data["results"][0]
    assert {"id", "title", "source", "published", "score", "snippet"} <= set(hit)
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "osprey"
    assert data["facets"]["source"] == [{"value": "The Yomiuri Shimbun", "count": 1}]


def test_search_text_output_and_suggestion(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", lib, "search", "ospray", "--limit", "5")
    assert code == EXIT_OK
    assert "0 result(s)" in out and "Did you mean: osprey" in out
    _, out, _ = run(capsys, "--library", lib, "search", "ironclad", "--sort", "date")
    assert "[ironclad]" in out


def test_malformed_query_notice_on_stderr(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--library", lib, "search", '"ironclad')
    assert code == EXIT_OK
    assert "unbalanced quotation marks" in err
    assert "1 result(s)" in out


def test_import_failures_named_and_exit_partial(
    lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "ok.txt").write_text("Fine text about harbours.")
    code, out, err = run(capsys, "--library", lib, "import", str(bad))
    assert code == EXIT_PARTIAL
    assert f"failed: {bad / 'empty.txt'}: empty file" in err
    assert "1 imported, 0 updated, 0 unchanged, 1 failed" in out


def test_remove_rename_reindex(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--library", lib, "list", "--json")
    first, second = (d["id"] for d in json.loads(out)["documents"])
    assert run(capsys, "--library", lib, "rename", str(first), "My title")[0] == EXIT_OK
    assert run(capsys, "--library", lib, "remove", str(second))[0] == EXIT_OK
    code, out, _ = run(capsys, "--library", lib, "reindex")
    assert code == EXIT_OK and "1 document(s)" in out
    _, out, _ = run(capsys, "--library", lib, "list", "--json")
    assert [d["title"] for d in json.loads(out)["documents"]] == ["My title"]


def test_unknown_id_is_one_line_error(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--library", lib, "show", "999")
    assert code == EXIT_ERROR
    assert out == ""
    assert err.strip() == "briefing-reader: error: no document with id 999"


def test_library_from_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("BRIEFING_READER_LIBRARY", str(tmp_path / "env-lib"))
    code, out, _ = run(capsys, "list")
    assert code == EXIT_OK and "library is empty" in out
    assert (tmp_path / "env-lib" / "library.sqlite3").exists()


def test_no_arguments_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == EXIT_OK and "import" in out and "search" in out


def test_console_script_runs(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing_reader",
            "--library",
            str(tmp_path / "l"),
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"documents": []}


def test_entity_commands(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", lib, "entities", "--label", "PERSON", "--json")
    people = {e["canonical"]: e for e in json.loads(out)["entities"]}
    assert code == EXIT_OK and people["Lloyd Austin"]["mentions"] >= 5
    assert "Austin" in people["Lloyd Austin"]["aliases"]
    code, out, _ = run(capsys, "--library", lib, "entity", "rename", "Lloyd Austin", "L. Austin")
    assert code == EXIT_OK and "2 document(s) updated" in out
    _, out, _ = run(capsys, "--library", lib, "corrections", "--json")
    [correction] = json.loads(out)["corrections"]
    assert correction["kind"] == "rename" and correction["value"] == "L. Austin"
    code, _, err = run(capsys, "--library", lib, "entity", "rename", "Nobody Here", "X")
    assert code == EXIT_ERROR and "no entity called 'Nobody Here'" in err
    code, _, err = run(capsys, "--library", lib, "entity", "merge", "L. Austin")
    assert code == EXIT_ERROR and "needs a value" in err
    assert run(capsys, "--library", lib, "corrections", "--undo", str(correction["id"]))[0] == 0
    _, out, _ = run(capsys, "--library", lib, "search", "person:austin", "--json")
    assert {"value": "Lloyd Austin", "count": 2} in json.loads(out)["facets"]["person"]


def test_show_json_lists_entities(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    doc = json.loads(out)
    assert doc["source"] == "The Yomiuri Shimbun"
    assert len(doc["entities"]) >= 20
    for entity in doc["entities"]:
        assert doc["text"][entity["start"] : entity["end"]] == entity["text"]
    named = {(e["label"], e["canonical"]) for e in doc["entities"]}
    assert {("EQUIPMENT", "Osprey"), ("PERSON", "Lloyd Austin"), ("GPE", "Japan")} <= named


def test_analyze_prints_contract_without_a_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("BRIEFING_READER_LIBRARY", str(tmp_path / "untouched"))
    path = tmp_path / "note.txt"
    path.write_text("Defense Minister Gen Nakatani met Lloyd Austin in Tokyo.")
    code, out, _ = run(capsys, "analyze", str(path), "--json")
    data = json.loads(out)
    assert code == EXIT_OK and set(data) == {"document", "entities", "claims"}
    assert {(e["text"], e["label"]) for e in data["entities"]} >= {
        ("Gen Nakatani", "PERSON"),
        ("Defense Minister", "TITLE"),
        ("Tokyo", "GPE"),
    }
    assert not (tmp_path / "untouched").exists()
    code, _, err = run(capsys, "analyze", str(tmp_path / "missing.txt"), "--json")
    assert code == EXIT_ERROR and "missing.txt: no such file" in err


def test_an_earlier_analysis_without_key_claims_lists_every_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_reader.app.importing import import_paths
    from briefing_reader.core.library import Library
    from tests.conftest import SEED_YOMIURI

    with Library.open(tmp_path / "old") as library:
        (doc,) = import_paths(library, [SEED_YOMIURI]).imported
        library.store.connection.execute("UPDATE claims SET is_key = 0")
    lib = str(tmp_path / "old")
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--all", "--json")
    every = json.loads(out)["claims"]
    code, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--json")
    assert code == EXIT_OK and len(json.loads(out)["claims"]) == len(every) > 0
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc))
    assert f"all {len(every)} claims: an earlier analysis chose no key claims" in out


def test_key_claims_all_claims_and_claim_corrections(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "--library", lib, "list", "--json")
    doc = next(d["id"] for d in json.loads(out)["documents"] if d["file"].startswith("004"))
    code, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--json")
    key = json.loads(out)["claims"]
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--all", "--json")
    every = json.loads(out)["claims"]
    assert code == EXIT_OK and 5 <= len(key) <= 8 < len(every) and all(c["key"] for c in key)
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc))
    assert f"{len(key)} key claims of {len(every)}; --all lists every claim" in out
    lead = every[0]["start"]
    code, out, _ = run(
        capsys,
        "--library",
        lib,
        "claim",
        str(doc),
        str(lead),
        "--speaker",
        "Lloyd Austin",
        "--kind",
        "reported",
        "--json",
    )
    assert code == EXIT_OK
    claim = json.loads(out)["claim"]
    assert (claim["speaker"], claim["kind"], claim["corrected"]) == (
        "Lloyd Austin",
        "reported",
        True,
    )
    run(capsys, "--library", lib, "claim", str(doc), str(lead), "--hide")
    run(capsys, "--library", lib, "reanalyze")
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--all", "--json")
    assert lead not in {c["start"] for c in json.loads(out)["claims"]}
    _, out, _ = run(capsys, "--library", lib, "claims", "--doc", str(doc), "--all", "--hidden")
    assert "(corrected) (hidden)" in out
    code, _, err = run(capsys, "--library", lib, "claim", str(doc), str(lead + 1), "--hide")
    assert code != EXIT_OK and "no claim starting at" in err
    code, _, err = run(capsys, "--library", lib, "claim", str(doc), str(lead))
    assert code != EXIT_OK and "say what to change" in err
    _, out, _ = run(capsys, "--library", lib, "corrections")
    assert f"claim {doc}:{lead}  speaker → Lloyd Austin, kind → reported, hidden" in out
    code, out, _ = run(capsys, "--library", lib, "claim", str(doc), str(lead), "--undo")
    assert code == EXIT_OK and "correction removed" in out
