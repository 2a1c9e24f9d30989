"""The term table read in two steps gives Whoosh's own entry for every term, and nothing
for terms, fields and segments that do not hold it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.reading import TermNotFound

from briefing_reader.core.search import term_table
from briefing_reader.core.search.term_table import term_info
from tests.index_fixtures import segmented_index


def _entry(info: object) -> tuple[object, ...]:
    return (
        info.weight(),  # type: ignore[attr-defined]
        info.doc_frequency(),  # type: ignore[attr-defined]
        info.min_length(),  # type: ignore[attr-defined]
        info.max_length(),  # type: ignore[attr-defined]
        info.max_weight(),  # type: ignore[attr-defined]
        info.is_inlined(),  # type: ignore[attr-defined]
        info.postings if info.is_inlined() else info.extent(),  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(("slots_at_once", "value_guess"), [(1, 0), (4, 48)])
def test_every_term_is_whooshs_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slots_at_once: int, value_guess: int
) -> None:
    """Thousands of words (long keys too), one slot or four read at a time, each value
    read with its key or apart, in two segments where some words are only in one."""
    monkeypatch.setattr(term_table, "_SLOTS_AT_ONCE", slots_at_once)
    monkeypatch.setattr(term_table, "_VALUE_GUESS", value_guess)
    rng = random.Random(3)
    words = [f"w{n}{'x' * rng.randint(0, 40)}" for n in range(3000)]
    parts = [
        [{"id": n, "body": " ".join(rng.sample(words[:2000], 30))} for n in range(40)],
        [{"id": 100 + n, "body": " ".join(rng.sample(words[1000:], 30))} for n in range(40)],
    ]
    ix = segmented_index(tmp_path, parts)
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            terms = leaf._terms
            held = set(leaf.lexicon("body"))
            assert 0 < len(held) < len(words)
            for word in words:
                btext = word.encode()
                try:
                    theirs = _entry(terms.term_info("body", btext))
                except TermNotFound:
                    assert btext not in held and term_info(terms, "body", btext) is None
                    continue
                ours = term_info(terms, "body", btext)
                assert ours is not None and _entry(ours) == theirs
            assert term_info(terms, "notes", b"w1") is None  # a field without words
            assert term_info(terms, "title", b"w1") is None
    ix.close()
