"""Transactions as units: savepoints inside a transaction, groups of units committed
together, and the did-you-mean vocabulary counted at the commit."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from briefing_reader.core.model import Document
from briefing_reader.core.store import Store
from briefing_reader.core.transactions import GroupLost
from briefing_reader.core.word_deltas import vocabulary_words


def _doc(text: str, number: int) -> Document:
    return Document(id=0, title=f"Note {number}", text=text, content_hash=f"hash{number}")


def _vocabulary(store: Store) -> dict[str, int]:
    return dict(store.vocabulary())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "library.sqlite3")


TEXTS = [
    "Harbour pilots met the harbour master at dawn.",
    "The pilots' union met again; Ünal and the master disagreed.",
    "Dawn raids on the harbour: 12 arrests, 3 pilots among them.",
]


def test_the_vocabulary_counts_each_word_once_per_document(store: Store) -> None:
    ids = [store.insert(_doc(text, n), f"raw{n}", "now") for n, text in enumerate(TEXTS)]
    expected = Counter(word for text in TEXTS for word in vocabulary_words(text))
    assert _vocabulary(store) == dict(expected)
    assert store.word_count("harbour") == 2 and store.word_count("ünal") == 1
    assert store.word_count("arrests") == 1 and "the" in expected and "12" not in expected
    store.remove(ids[2])
    assert store.word_count("harbour") == 1 and store.word_count("arrests") == 0
    assert "arrests" not in _vocabulary(store)  # words no document holds are dropped


def test_a_failed_savepoint_undoes_only_its_own_changes(store: Store) -> None:
    with store.transaction():
        store.insert(_doc(TEXTS[0], 0), "raw0", "now")
        with pytest.raises(RuntimeError), store.transaction():
            store.insert(_doc(TEXTS[2], 2), "raw2", "now")
            raise RuntimeError("a bad file")
    assert store.count() == 1
    assert store.word_count("arrests") == 0  # its words went with it
    assert store.word_count("harbour") == 1


def test_a_failed_transaction_writes_no_words(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.insert(_doc(TEXTS[0], 0), "raw0", "now")
        raise RuntimeError("undone")
    assert store.count() == 0 and _vocabulary(store) == {}
    store.insert(_doc(TEXTS[1], 1), "raw1", "now")  # the next transaction starts clean
    assert store.word_count("pilots") == 1 and store.word_count("harbour") == 0


def test_a_group_commits_its_units_together_and_keeps_the_good_ones(
    store: Store, tmp_path: Path
) -> None:
    other = sqlite3.connect(tmp_path / "library.sqlite3")
    with store.grouped() as group:
        group.begin()
        store.insert(_doc(TEXTS[0], 0), "raw0", "now")
        with pytest.raises(RuntimeError), store.transaction():  # a unit that fails alone
            store.insert(_doc(TEXTS[1], 1), "raw1", "now")
            raise RuntimeError("a bad file")
        store.insert(_doc(TEXTS[2], 2), "raw2", "now")
        assert other.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert group.age() >= 0.0 and not group.lost()
        group.commit()
        assert other.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
        assert group.age() == 0.0  # closed until the next unit: no lock held meanwhile
        other.execute("INSERT INTO vocabulary (word, doc_count) VALUES ('outside', 1)")
        other.commit()
    assert store.word_count("harbour") == 2 and store.word_count("pilots") == 2
    assert store.word_count("disagreed") == 0 and store.word_count("outside") == 1


def test_a_group_the_database_undid_is_reported_at_its_commit(store: Store) -> None:
    with store.grouped() as group:
        group.begin()
        store.insert(_doc(TEXTS[0], 0), "raw0", "now")
        store.connection.execute("ROLLBACK")  # as SQLite does itself on a full disk
        assert group.lost()
        with pytest.raises(GroupLost):
            group.commit()
        store.insert(_doc(TEXTS[1], 1), "raw1", "now")  # on its own, outside the group
    assert store.count() == 1 and store.word_count("harbour") == 0
    assert store.word_count("pilots") == 1
