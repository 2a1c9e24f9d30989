"""The query language, snippets, facets, did-you-mean and malformed-query fallback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_reader.app.importing import import_paths
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library
from briefing_reader.core.search.query import MAX_QUERY_WORDS, date_query


@pytest.fixture(scope="module")
def seeded(
    analysed_seed_library: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    """The analysed samples plus two short articles, built once: every test here only reads."""
    folder = tmp_path_factory.mktemp("search") / "library"
    shutil.copytree(analysed_seed_library, folder)
    extra = folder.parent / "extra"
    extra.mkdir()
    (extra / "reuters.txt").write_text(
        "Published: 2023-03-14\nPorts reopen after storm\n\nLONDON (Reuters) - Britain's "
        "ports reopened on Monday after the storm, officials said.",
        encoding="utf-8",
    )
    (extra / "dated.md").write_text(
        "---\ntitle: Osprey fleet grounded\ndate: 2024-03-02\nsource: Defense Daily\n---\n\n"
        "The Osprey fleet was grounded after an engine failure.\n",
        encoding="utf-8",
    )
    with Library.open(folder) as library:
        result = import_paths(library, [extra])
        assert not result.failed, result.failed
        assert library.store.count() == 4
        yield library


def ids(results) -> set[int]:
    return {hit.id for hit in results.hits}


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def test_plain_words_and_snippet_highlights(seeded: Library) -> None:
    results = search(seeded, "austin ironclad")
    assert results.total == 1
    snippet = results.hits[0].snippet
    marked = {snippet.text[a:b].lower() for a, b in snippet.highlights}
    assert {"austin", "ironclad"} <= marked


def test_stemming_matches_other_forms(seeded: Library) -> None:
    assert ids(search(seeded, "visits")) == ids(search(seeded, "visited"))
    assert search(seeded, "visits").total == 1


def test_phrase_and_boolean(seeded: Library) -> None:
    assert search(seeded, '"extended deterrence"').total == 1
    assert search(seeded, '"deterrence extended"').total == 0
    osprey = search(seeded, "osprey").total
    assert osprey == 2
    assert search(seeded, "osprey NOT yomiuri").total == 1
    assert search(seeded, "osprey OR ports").total == 3
    assert search(seeded, "osprey AND ports").total == 0


def test_wildcard_and_fuzzy(seeded: Library) -> None:
    assert search(seeded, "deter*").total == 2
    assert search(seeded, "ironclat~").total == 1
    assert search(seeded, "ironclat").total == 0


def test_fields(seeded: Library) -> None:
    assert titles(search(seeded, "title:osprey")) == ["Osprey fleet grounded"]
    assert search(seeded, "source:yomiuri").total == 1
    assert search(seeded, "source:reuters").total == 1
    assert search(seeded, "dateline:washington").total == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2024", 2),
        ("date:2024-12", 1),
        ("date:2024-12-12", 1),
        ("date:2024-03", 1),
        ("date:[2024-01 to 2024-06]", 1),
        ("date:[2024-01 TO 2024-12]", 2),
        ("date:>=2024-04", 1),
        ("date:<2024", 1),
        ("date:2023", 1),
        ("date:1999", 0),
    ],
)
def test_dates_are_exact(seeded: Library, query: str, expected: int) -> None:
    assert search(seeded, query).total == expected


def test_date_with_words(seeded: Library) -> None:
    results = search(seeded, "osprey date:2024-03")
    assert titles(results) == ["Osprey fleet grounded"]


def test_date_query_bounds() -> None:
    q = date_query("[2024-01 to 2024-06]")
    assert (q.start, q.end) == (20240100, 20240631)
    assert date_query("2024-02-30") is None
    assert date_query("[2024-06 to 2024-01]") is None


def test_unreadable_date_is_a_notice(seeded: Library) -> None:
    results = search(seeded, "osprey date:someday")
    assert results.total == 2
    assert any("date" in n for n in results.notices)


@pytest.mark.parametrize(
    "query",
    [
        '"extended deterrence',
        "(osprey",
        "osprey)",
        "AND osprey",
        "osprey OR",
        "osprey title:",
        "[osprey",
    ],
)
def test_malformed_queries_fall_back_with_notice(seeded: Library, query: str) -> None:
    results = search(seeded, query)
    assert results.notices, query
    assert "plain words" in results.notices[-1]
    assert results.total >= 1


@pytest.mark.parametrize(
    ("query", "total", "notice"),
    [
        ("*", 0, "a wildcard needs at least 2 letters"),  # unbounded: refused
        ("??", 0, "a wildcard needs at least 2 letters"),
        ("title:*", 0, "a wildcard needs at least 2 letters"),
        ("~", 0, "no words to search for"),
        (":", 0, "no words to search for"),
        ("\\", 0, "no words to search for"),
        ('""', 0, "no words to search for"),
        ("NOT", 0, "searched for the plain words instead"),
    ],
)
def test_strange_queries_never_raise(
    seeded: Library, query: str, total: int, notice: str | None
) -> None:
    """Each says why it found nothing (an open wildcard would expand to every word); a
    word beside it still finds its documents."""
    results = search(seeded, query)
    assert results.total == total
    assert len(results.hits) == results.total
    if notice is None:
        assert results.notices == []
    else:
        assert any(notice in n for n in results.notices), results.notices
    assert search(seeded, f"osprey {query}").total == 2


def test_empty_query_lists_library_newest_first(seeded: Library) -> None:
    results = search(seeded, "", page_size=10)
    assert results.total == 4
    published = [h.published for h in results.hits]
    assert published[0] == "2024-12-12"
    assert published[1] == "2024-03-02"


def test_sort_by_date_and_paging(seeded: Library) -> None:
    by_date = search(seeded, "japan OR osprey OR ports", sort="date")
    assert by_date.hits[0].published == "2024-12-12"
    page1 = search(seeded, "japan OR osprey OR ports", page_size=2, page=1)
    page2 = search(seeded, "japan OR osprey OR ports", page_size=2, page=2)
    assert page1.total == page2.total == 4
    assert len(page1.hits) == 2 and len(page2.hits) == 2
    assert not ids(page1) & ids(page2)


def test_facets_and_filters(seeded: Library) -> None:
    results = search(seeded, "")
    sources = dict(results.facets["source"])
    assert sources["The Yomiuri Shimbun"] == 1 and sources["Reuters"] == 1
    assert dict(results.facets["year"]) == {"2024": 2, "2023": 1}
    filtered = search(seeded, "", filters={"source": "Defense Daily"})
    assert titles(filtered) == ["Osprey fleet grounded"]
    assert search(seeded, "", filters={"year": "2024"}).total == 2


@pytest.mark.parametrize("text", ["", "japan", "austin OR korea"])
def test_entity_facets_from_the_index_count_what_the_database_holds(
    seeded: Library, text: str
) -> None:
    results = search(seeded, text, page_size=50)
    ids = [hit.id for hit in results.hits]
    stored = seeded.entities.facet_counts(ids, ("PERSON", "ORG", "GPE", "LOC"), limit=100)
    assert results.facets["person"] == stored.get("PERSON", [])[:10]
    assert results.facets["org"] == stored.get("ORG", [])[:10]
    places: dict[str, int] = {}
    for name, count in stored.get("GPE", []) + stored.get("LOC", []):
        places[name] = max(places.get(name, 0), count)
    assert results.facets["place"] == sorted(places.items(), key=lambda i: (-i[1], i[0]))[:10]
    assert results.facets["person"] and results.facets["place"]


def test_a_repeated_search_is_a_copy(seeded: Library) -> None:
    first = search(seeded, "japan")
    first.hits[0].annotations.append(None)  # type: ignore[arg-type]
    first.facets["source"].clear()
    again = search(seeded, "japan")
    assert again.total == first.total and not again.hits[0].annotations
    assert again.facets["source"]


def test_capped_wildcard_says_so(seeded: Library) -> None:
    results = search(seeded, "th*")
    assert results.total > 0
    assert any("most frequent" in notice for notice in results.notices) == (
        len(set(seeded.index.searcher().reader().expand_prefix("body", "th"))) > 64
    )


def test_did_you_mean(seeded: Library) -> None:
    results = search(seeded, "osprei grounded")
    assert results.suggestion == "osprey grounded"
    assert search(seeded, "osprey").suggestion is None


def test_title_only_match_gets_lead_snippet(seeded: Library) -> None:
    results = search(seeded, "title:reopen")
    assert results.hits[0].snippet.text.startswith("Ports reopen after storm")


def test_only_stopwords(seeded: Library) -> None:
    results = search(seeded, "the")
    assert results.total == 0
    assert results.notices


def test_a_long_lived_searcher_sees_updates_once(seeded_library) -> None:  # type: ignore[no-untyped-def]
    """The window keeps one library open: re-indexed documents must not appear twice."""
    from briefing_reader.app.searching import search

    doc_id = seeded_library.store.list()[0].id
    assert search(seeded_library, "japan").total == 2
    for _ in range(3):
        seeded_library.index_documents([doc_id])
        results = search(seeded_library, "japan")
        assert results.total == 2
        assert sorted(h.id for h in results.hits) == sorted({h.id for h in results.hits})


def test_a_long_query_searches_its_first_words(seeded: Library) -> None:
    words = [*["japan"] * MAX_QUERY_WORDS, "zzzq"]  # the last word would match nothing
    results = search(seeded, " ".join(words))
    assert results.total == search(seeded, "japan").total > 0
    assert any(f"the first {MAX_QUERY_WORDS} were searched" in n for n in results.notices)


def _entity_facets_held(library: Library, results) -> dict[str, list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    """The entity facets the database gives for every hit of ``results``."""
    ids = [hit.id for hit in results.hits]
    stored = library.entities.facet_counts(ids, ("PERSON", "ORG", "GPE", "LOC"), limit=100)
    places: dict[str, int] = {}
    for name, count in stored.get("GPE", []) + stored.get("LOC", []):
        places[name] = max(places.get(name, 0), count)
    return {
        "person": stored.get("PERSON", [])[:10],
        "org": stored.get("ORG", [])[:10],
        "place": sorted(places.items(), key=lambda i: (-i[1], i[0]))[:10],
    }


def test_search_follows_import_rename_reanalysis_and_removal(
    seeded_library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Every cache a search keeps (postings, lengths, entity tables, facets, results)
    belongs to one generation of the index: each change is seen by the next search."""
    from briefing_reader.app.analysing import reanalyse
    from briefing_reader.app.documents import remove_document, rename_document

    library = seeded_library
    before = search(library, "japan", page_size=50)
    search(library, "japan~1")  # the fuzzy path's caches too
    search(library, '"prime minister"')
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "harbour.md").write_text(
        "---\ntitle: Harbour pilots return\nsource: Harbour Gazette\n---\n\n"
        "Harbour pilots in Japan returned to work on Monday, Kenji Watanabe said in Tokyo.\n",
        encoding="utf-8",
    )
    import_paths(library, [folder])
    added = search(library, "japan", page_size=50)
    assert added.total == before.total + 1
    assert dict(added.facets["source"])["Harbour Gazette"] == 1
    assert {k: added.facets[k] for k in ("person", "org", "place")} == _entity_facets_held(
        library, added
    )
    new_id = next(hit.id for hit in added.hits if hit.title == "Harbour pilots return")
    assert search(library, "harbor~1 pilots").total == 1

    rename_document(library, new_id, "Tugboat crews return")
    assert [hit.id for hit in search(library, "title:tugboat").hits] == [new_id]
    assert search(library, "title:harbour").total == 0

    reanalyse(library, [new_id])
    again = search(library, "japan", page_size=50)
    assert again.total == added.total
    assert {k: again.facets[k] for k in ("person", "org", "place")} == _entity_facets_held(
        library, again
    )

    remove_document(library, new_id)
    removed = search(library, "japan", page_size=50)
    assert [hit.id for hit in removed.hits] == [hit.id for hit in before.hits]
    assert removed.facets == before.facets
    assert search(library, "harbor~1 pilots").total == 0
