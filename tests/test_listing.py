"""The library listing (the empty query): newest first from the database, with the index's facets."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from briefing_reader.app.importing import import_paths
from briefing_reader.app.listing import newest, open_database
from briefing_reader.app.searching import search
from briefing_reader.core.library import Library
from briefing_reader.core.search.searcher import run_search

#: Published dates of the documents, in import order: undated ones and a repeated date too.
DATES = [
    "2021-05-04",
    None,
    "2023-11-30",
    "2019-02-01",
    "2023-11-02",
    None,
    "2021-05-04",
    "2024-01-31",
]


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("listing")
    texts = folder / "texts"
    texts.mkdir()
    for number, date in enumerate(DATES):
        published = f"Published: {date}\n" if date else ""
        (texts / f"{number:02d}.txt").write_text(
            f"{published}Report number {number} from Reuters\n\nLONDON (Reuters) - The "
            f"ministry published report {number} on trade, officials said.",
            encoding="utf-8",
        )
    with Library.open(folder / "library") as library:
        result = import_paths(library, [texts], analyse=False)
        assert len(result.imported) == len(DATES), result.failed
        yield library


def test_the_listing_pages_follow_the_order_the_index_sorts_in(dated: Library) -> None:
    """Newest first, undated last, ties by the later import: page by page the same documents
    Whoosh's date sort gives, so a listing read from the database pages on consistently."""
    whoosh = run_search(dated.index.searcher(), "", dated.store.get_many, page_size=50, sort="date")
    expected = [hit.id for hit in whoosh.hits]
    pages = [search(dated, "", page=page, page_size=3).hits for page in (1, 2, 3)]
    listed = [hit for page in pages for hit in page]
    assert [hit.id for hit in listed] == expected
    assert listed == whoosh.hits  # titles, sources, dates and lead snippets alike
    published = [hit.published for hit in search(dated, "", page_size=50).hits]
    assert published[:3] == ["2024-01-31", "2023-11-30", "2023-11-02"]
    assert published[-2:] == [None, None]
    assert [d.id for d in dated.store.list()] == expected


def test_the_listing_has_the_libraries_facets_and_lead_snippets(dated: Library) -> None:
    results = search(dated, "", page_size=3)
    assert results.total == len(DATES) and len(results.hits) == 3 and results.query == ""
    assert dict(results.facets["source"]) == {"Reuters": len(DATES)}
    assert {year for year, _count in results.facets["year"]} == {"2024", "2023", "2021", "2019"}
    assert all(hit.snippet.text.startswith("Report number") for hit in results.hits)
    assert search(dated, "", page=4, page_size=3).hits == []


def test_a_page_is_read_through_the_date_index(dated: Library) -> None:
    plan = dated.store.connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM documents ORDER BY published_key DESC, id DESC "
        "LIMIT 3 OFFSET 3"
    ).fetchall()
    steps = " ".join(str(row[-1]) for row in plan)
    assert "documents_newest" in steps and "TEMP B-TREE" not in steps


def test_the_first_listing_needs_the_database_alone(dated: Library) -> None:
    """What the window shows first: no Whoosh, no analysis stores, no anchoring."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing_reader.app.listing import newest, open_database\n"
        f"store = open_database(Path({str(dated.folder)!r}))\n"
        "print(newest(store, page_size=5).total)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'rapidfuzz')\n"
        "    or m.startswith(('briefing_reader.core.search.searcher', 'briefing_reader.core.library',\n"
        "                     'briefing_reader.core.annotation_store', 'briefing_reader.core.anchoring')))\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == [str(len(DATES)), "[]"]


def test_the_listing_answers_from_a_database_opened_on_its_own(dated: Library) -> None:
    store = open_database(dated.folder)
    try:
        first = newest(store, page=1, page_size=4)
        assert [hit.id for hit in first.hits] == [h.id for h in search(dated, "", page_size=4).hits]
        assert first.facets == {} and first.total == len(DATES)
    finally:
        store.close()
