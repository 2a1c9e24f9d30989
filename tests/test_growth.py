"""Memory and start-up of the window on large libraries, and the synthetic libraries that
measure them (``bench/bench_growth*.py``)."""

from __future__ import annotations

import json
import linecache
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from briefing_reader.app.file_reading import build_document
from briefing_reader.app.searching import search
from briefing_reader.gui.main_window import MainWindow
from briefing_reader.gui.services import LibraryReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from bench_growth_corpus import Synthesiser, load_articles, variant_pool
from bench_search import bare_build_files

ARTICLES = [
    {
        "id": "wire-001",
        "title": "Zelmora talks stall in Vantrick",
        "body": "Talks between Zelmora and Quibbet stalled in Vantrick on Monday, "
        "officials said. The 2016 accord expires soon.\n\nZelmora said the offer was "
        "fair.\n\nQuibbet declined to comment.",
        "published": "2017-03-02T00:00:00",
    },
    {
        "id": "wire-002",
        "title": "Markets rise after the vote",
        "body": "Markets rose on Tuesday after the vote in Drellington.\n\nTraders said "
        "the rise may not last.\n\nThe index fell in 2015.",
        "published": "2017-05-10T00:00:00",
    },
    {
        "id": "feature-001",
        "title": "A winter in Osterfell",
        "body": "Osterfell is quiet in winter.\n\nMost visitors arrive in the spring.",
        "published": "2005-01-20T00:00:00",
    },
]


def _corpus(tmp_path: Path) -> Synthesiser:
    lines = "\n".join(json.dumps(article) for article in ARTICLES)
    (tmp_path / "articles.jsonl").write_text(lines, encoding="utf-8")
    return Synthesiser(load_articles(tmp_path), seed=3)


def test_synthetic_documents_are_deterministic_and_renamed_consistently(tmp_path: Path) -> None:
    synth = _corpus(tmp_path)
    assert {"Zelmora", "Quibbet", "Vantrick", "Drellington", "Osterfell"} <= synth.names
    assert not {"Monday", "Tuesday", "The"} & synth.names  # calendar words, "the"
    again = _corpus(tmp_path)
    documents = [synth.document(n) for n in range(3000)]
    assert [d.file_text() for d in documents[:50]] == [
        again.document(n).file_text() for n in range(50)
    ]
    renamed = [d for d in documents if "Zelmora" not in d.body and "Talks between" in d.body]
    assert renamed, "later documents must carry generated names"
    for doc in renamed:  # one generated name stands for Zelmora throughout a document
        first = doc.body.split("Talks between ", 1)[1].split()[0]
        assert first != "Zelmora" and first.istitle()
        if "said the offer" in doc.body:
            assert f"{first} said the offer" in doc.body
    names = {d.body.split("Talks between ", 1)[1].split()[0] for d in renamed}
    assert len(names) > 3, "the number of name variants grows along the stream"
    assert variant_pool(64_000) > variant_pool(16_000) > variant_pool(4_000) > 1


def test_synthetic_files_carry_a_date_and_title_the_app_reads(tmp_path: Path) -> None:
    synth = _corpus(tmp_path)
    years = set()
    for number in range(30):
        doc = synth.document(number)
        path = tmp_path / f"doc-{number}.txt"
        path.write_text(doc.file_text(), encoding="utf-8")
        stored, _ = build_document(path, path.read_bytes())
        assert stored.title == doc.title
        assert stored.published is not None and stored.published.year == doc.published.year
        years.add(doc.published.year)
        assert "Published:" not in stored.text
    assert len(years) > 3, "dates are shifted across years"


def test_the_bare_whoosh_baseline_builds_from_the_same_files(tmp_path: Path) -> None:
    """The import benchmarks' baseline reads the files the app imports (title, blank line, body)."""
    files = []
    for article in ARTICLES:
        path = tmp_path / f"{article['id']}.txt"
        path.write_text(f"{article['title']}\n\n{article['body']}", encoding="utf-8")
        files.append(path)
    (tmp_path / "bare").mkdir()
    seconds, ix = bare_build_files(files, tmp_path / "bare")
    with ix.searcher() as searcher:
        assert seconds > 0 and searcher.doc_count() == len(ARTICLES)
    ix.close()


def test_the_index_is_read_from_its_files_not_copied_into_memory(seeded_library) -> None:  # type: ignore[no-untyped-def]
    # Whoosh's memory-mapped segments are wrapped in BytesIO, a full copy of the index
    # per searcher; the library opens its index without mmap.
    assert search(seeded_library, "minister").total > 0
    assert seeded_library.index.open().storage.supports_mmap is False


def test_the_reader_opens_the_database_at_once_and_the_library_with_the_first_search(
    qtbot, seeded_library
) -> None:  # type: ignore[no-untyped-def]
    """The first listing needs the database only; the search code loads with the first read
    that needs the library, which takes the same database over."""
    folder, count = seeded_library.folder, seeded_library.store.count()
    seeded_library.close()
    reader = LibraryReader(folder)
    worker = reader._worker
    try:
        qtbot.waitUntil(lambda: worker._database is not None, timeout=20_000)
        listed: list[int] = []
        reader.submit_to_database(lambda store: store.count(), listed.append)
        qtbot.waitUntil(lambda: bool(listed), timeout=20_000)
        assert listed == [count] and worker._library is None
        database = worker._database
        results: list[int] = []
        reader.submit(lambda library: library.store.count(), results.append)
        qtbot.waitUntil(lambda: bool(results), timeout=20_000)
        assert results == [count]
        assert worker._library is not None and worker._library.store is database
        assert worker._database is None
    finally:
        reader.shutdown()


def test_the_window_lets_go_of_module_sources_once_ready(
    qtbot, seeded_library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = seeded_library.folder
    seeded_library.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(folder, settings)
    qtbot.addWidget(window)
    linecache.getlines(__file__)  # something in the cache, as PySide6 leaves it
    cached: list[int] = []
    window.ready.connect(lambda: cached.append(len(linecache.cache)))
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.show()
    assert cached == [0]
