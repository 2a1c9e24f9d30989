"""One real-world thing, one entity, across a library: joins with reasons, ambiguity said,
corrections that undo a join, and re-deciding only what an import touched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_reader.app import entities as ops
from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.cli import main as cli
from briefing_reader.core.library import Library
from tests.conftest import write_note


@pytest.fixture
def lib(identity_library: Path, tmp_path: Path) -> Iterator[Library]:
    import shutil

    copy = tmp_path / "lib"
    shutil.copytree(identity_library, copy)
    with Library.open(copy) as library:
        yield library


def _doc(library: Library, name: str) -> int:
    return next(d.id for d in library.store.list() if d.file_name == f"{name}.txt")


def _names(library: Library, doc_id: int) -> set[tuple[str, str]]:
    return {(m.text, m.canonical) for m in library.entities.mentions(doc_id) if m.label == "PERSON"}


def test_a_surname_alone_joins_the_full_name_with_a_reason(lib: Library) -> None:
    short = _doc(lib, "short-trump")
    assert ("Trump", "Donald Trump") in _names(lib, short)
    trump = ops.find_entity(lib, "PERSON:Donald Trump")
    lib.entities.explain([trump])
    (label, name, reason, count) = trump.joined[0]
    assert (label, name, count) == ("PERSON", "Trump", 1)
    assert "Donald Trump" in reason and "%" in reason
    hits = search(lib, 'person:"donald trump"', page_size=50)
    assert short in {hit.id for hit in hits.hits}


def test_two_people_of_one_surname_decided_by_the_honorific_else_left(lib: Library) -> None:
    assert ("Clinton", "Hillary Clinton") in _names(lib, _doc(lib, "short-mrs-clinton"))
    unsure = _doc(lib, "short-clinton")
    assert ("Clinton", "Clinton") in _names(lib, unsure)
    clinton = ops.find_entity(lib, "PERSON:Clinton")
    lib.entities.explain([clinton])
    assert [set(c) for c in clinton.ambiguous] == [{"Hillary Clinton", "Bill Clinton"}]


def test_cli_json_says_why_and_a_split_undoes_a_join(lib: Library, capsys) -> None:
    folder = str(lib.folder)
    assert cli(["--library", folder, "entities", "--label", "PERSON", "--json"]) == 0
    people = {e["canonical"]: e for e in json.loads(capsys.readouterr().out)["entities"]}
    joined = people["Donald Trump"]["joined"]
    assert joined and joined[0]["name"] == "Trump" and joined[0]["reason"]
    assert people["Clinton"]["ambiguous"]

    assert cli(["--library", folder, "entity", "split", "Donald Trump", "Trump"]) == 0
    capsys.readouterr()
    short = _doc(lib, "short-trump")
    assert ("Trump", "Trump") in _names(lib, short)
    hits = search(lib, 'person:"donald trump"', page_size=50)
    assert short not in {hit.id for hit in hits.hits}

    (correction,) = [c for c in lib.entities.corrections() if c.kind == "separate"]
    assert cli(["--library", folder, "corrections", "--undo", str(correction.id)]) == 0
    assert ("Trump", "Donald Trump") in _names(lib, short)


def test_an_import_re_decides_only_the_names_it_touches(lib: Library, tmp_path: Path) -> None:
    new = write_note(tmp_path, "late-trump", "Trump said on Tuesday that the White House agreed.")
    result = import_paths(lib, [new])
    (doc_id,) = result.imported
    assert ("Trump", "Donald Trump") in _names(lib, doc_id)
    again = lib.entities.relink([doc_id])
    # the Trump group and nothing of the Clintons
    assert 0 < again.documents_decided <= 14 < lib.store.count()
    assert again.changed == []


def test_corrections_always_win_over_a_join(lib: Library) -> None:
    ops.rename_entity(lib, "PERSON:Clinton", "Chelsea Clinton")
    unsure = _doc(lib, "short-clinton")
    assert ("Clinton", "Chelsea Clinton") in _names(lib, unsure)
    lib.entities.relink()
    assert ("Clinton", "Chelsea Clinton") in _names(lib, unsure)


def test_removing_documents_re_decides_the_names_they_explained(lib: Library) -> None:
    from briefing_reader.app.documents import remove_document

    mrs = _doc(lib, "short-mrs-clinton")
    assert ("Clinton", "Hillary Clinton") in _names(lib, mrs)
    updated: set[int] = set()
    for i in range(3):
        changes = remove_document(lib, _doc(lib, f"hillary-{i}"))
        updated |= set(changes.updated)
    assert ("Clinton", "Hillary Clinton") not in _names(lib, mrs)
    assert mrs in updated
    hits = search(lib, 'person:"hillary clinton"', page_size=50)
    assert mrs not in {hit.id for hit in hits.hits}
