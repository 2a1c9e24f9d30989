"""Posting blocks read in two steps give Whoosh's postings, and decode values only where
asked: terms over many blocks, in two segments, with one document deleted."""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest
from whoosh import query
from whoosh.searching import Searcher

from briefing_reader.core.search import blocks as blocks_module
from briefing_reader.core.search import phrases as phrases_module
from briefing_reader.core.search import postings as postings_module
from briefing_reader.core.search.blocks import BlockSource, read_blocks
from briefing_reader.core.search.phrases import phrase_documents
from briefing_reader.core.search.postings import Postings
from tests.index_fixtures import segmented_index

WORDS = ["port", "strike", "union", "vote", "court", "ship", "cargo", "deal", "steel"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    rng = random.Random(5)
    docs: list[dict[str, object]] = []
    for number in range(700):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
        if number % 3 == 0:
            words += ["steel", "port"]
        person = rng.choice(
            ["Ana Ruiz", "Ruiz Ana", "Ana Ruiz Stone", "Stone Ana Ruiz", "Ben Okafor"]
        )
        docs.append(
            {
                "id": number + 1,
                "title": rng.choice(WORDS),
                "body": " ".join(words),
                "person": person,
            }
        )
    ix = segmented_index(tmp_path_factory.mktemp("blocks"), (docs[:600], docs[600:]), (9,))
    with ix.searcher() as opened:
        yield opened
    ix.close()


def _whoosh_postings(searcher: Searcher, fieldname: str, btext: bytes) -> list[tuple]:
    reader = searcher.reader()
    postings = reader.postings(fieldname, btext)  # deleted documents hidden
    found = []
    while postings.is_active():
        found.append((postings.id(), postings.weight(), postings.value()))
        postings.next()
    return found


@pytest.fixture(params=["numbers first", "whole"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Terms read numbers first (values when asked), or whole as small terms are."""
    monkeypatch.setattr(
        postings_module, "READ_WHOLE_UP_TO", 0 if request.param == "numbers first" else 10**6
    )
    return str(request.param)


def test_terms_over_many_blocks_are_whooshs(searcher: Searcher, reading: str) -> None:
    arrays = Postings(searcher.reader())
    reader = searcher.reader()
    for fieldname in ("title", "body"):
        for btext in reader.lexicon(fieldname):
            ids, weights = arrays.term(fieldname, btext)
            values = arrays.values_of(fieldname, btext, ids)
            live = [i for i, docnum in enumerate(ids.tolist()) if not reader.is_deleted(docnum)]
            got = [(int(ids[i]), float(weights[i]), values[i]) for i in live]
            assert got == _whoosh_postings(searcher, fieldname, btext)
    assert len(arrays.term("body", b"port")[0]) > 3 * 128  # several blocks, both segments


def test_numbers_and_weights_come_from_the_head_of_each_block(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of 128, of a few postings (a tuple without a mark), and a last short one:
    none is decoded whole to read its numbers and weights."""
    leaf = searcher.reader().leaf_readers()[0][0]
    info = leaf._terms.term_info("body", b"port")
    start, (size,) = info.extent()

    def whole(*_args: object) -> None:
        raise AssertionError("decoded whole")

    monkeypatch.setattr(blocks_module, "_whole", whole)
    blocks = list(read_blocks(leaf._terms._postfile, start, size, None))
    assert len(blocks) > 3
    assert sum(len(ids) for ids, _, _, _ in blocks) == leaf.doc_frequency("body", b"port")
    small = {"ids": np.array([0, 1, 2]), "weights": np.array([1.0, 2.0, 1.0])}
    pickled = blocks_module.pickle.dumps(((0, 1, 1), (1.0, 2.0, 1.0), (b"a", b"b", b"c")), 2)
    ids, weights = blocks_module._numbers(pickled, False, 3)
    assert ids.tolist() == small["ids"].tolist() and weights.tolist() == small["weights"].tolist()


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The offsets of the blocks decoded whole (values included), in order."""
    offsets: list[int] = []
    original = BlockSource.read

    def counting(self: BlockSource) -> tuple[object, object, list[bytes | None]]:
        offsets.append(self.offset)
        return original(self)

    monkeypatch.setattr(BlockSource, "read", counting)
    return offsets


def test_values_decode_only_the_blocks_asked_for(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch, decoded: list[int]
) -> None:
    monkeypatch.setattr(postings_module, "READ_WHOLE_UP_TO", 0)  # no term is small
    arrays = Postings(searcher.reader())
    ids, _ = arrays.term("body", b"port")
    assert arrays.values_of("body", b"port", ids[[5, 6, 300]])[0] is not None
    assert len(decoded) == 2  # the first block and the third
    arrays.values_of("body", b"port", ids[[7]])
    assert len(decoded) == 2  # kept
    assert arrays.values_of("body", b"port", np.array([10**6])) == [None]


@pytest.mark.parametrize("by_hand", [True, False], ids=["by hand", "format's decoder"])
@pytest.mark.parametrize(
    ("fieldname", "words"),
    [
        ("body", ["steel", "port"]),
        ("body", ["port", "steel"]),
        ("body", ["port", "strike", "union"]),
        ("person", ["ana", "ruiz"]),
        ("person", ["ruiz", "ana"]),
        ("person", ["ana", "ruiz", "stone"]),
    ],
)
def test_phrases_over_many_blocks_are_whooshs(
    searcher: Searcher,
    monkeypatch: pytest.MonkeyPatch,
    fieldname: str,
    words: list[str],
    by_hand: bool,
    reading: str,
) -> None:
    """Characters (body) and Positions (entity names), read by hand or by the format."""
    if not by_hand:
        monkeypatch.setattr(
            phrases_module,
            "_position_arrays",
            lambda f: lambda docs, values: phrases_module._generic(f, docs, values),
        )
    arrays = Postings(searcher.reader())
    btexts = [word.encode() for word in words]
    both = arrays.term(fieldname, btexts[0])[0]
    for btext in btexts[1:]:
        both = np.intersect1d(both, arrays.term(fieldname, btext)[0])
    both = both[arrays.live[both]]
    field_format = searcher.schema[fieldname].format
    found = phrase_documents(arrays, fieldname, field_format, btexts, both)
    theirs = sorted(
        hit.docnum for hit in searcher.search(query.Phrase(fieldname, words), limit=None)
    )
    assert found.tolist() == theirs
    assert theirs and len(theirs) < len(both)
    assert not len(phrase_documents(arrays, fieldname, field_format, btexts, both[:0]))


def test_small_terms_are_read_with_their_values(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch, decoded: list[int]
) -> None:
    """A term of a few blocks is decoded whole once: its values need no second read."""
    monkeypatch.setattr(postings_module, "READ_WHOLE_UP_TO", 1000)
    arrays = Postings(searcher.reader())
    ids, _ = arrays.term("body", b"port")
    assert 128 < len(ids) < 1000
    values = arrays.values_of("body", b"port", ids)
    assert all(value is not None for value in values) and not decoded


def test_a_term_is_small_or_not_by_its_documents_in_every_segment(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch, decoded: list[int]
) -> None:
    """A term small in each segment but not in all of them together is read numbers
    first: its values are decoded only for the documents asked for."""
    leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    counts = [leaf.doc_frequency("body", b"port") for leaf in leaves]
    assert len(counts) == 2 and min(counts) > 0
    monkeypatch.setattr(postings_module, "READ_WHOLE_UP_TO", max(counts))
    arrays = Postings(searcher.reader())
    assert arrays.frequency("body", b"port") == sum(counts)
    ids, _ = arrays.term("body", b"port")
    arrays.values_of("body", b"port", ids[:1])
    assert len(decoded) == 1  # the first block only, on demand


def test_a_term_is_looked_up_once_in_each_segment(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its document count (for a phrase's plan), postings and values share one lookup."""
    lookups: list[bytes] = []
    original = postings_module.term_info

    def counting(terms: object, fieldname: str, btext: bytes) -> object:
        lookups.append(btext)
        return original(terms, fieldname, btext)

    monkeypatch.setattr(postings_module, "term_info", counting)
    arrays = Postings(searcher.reader())
    arrays.frequency("body", b"steel")
    ids, _ = arrays.term("body", b"steel")
    arrays.values_of("body", b"steel", ids[:3])
    assert lookups == [b"steel", b"steel"]  # two segments


def test_positions_of_many_candidates_leave_the_garbage_collector_idle() -> None:
    """Each value's pickled list is dropped as soon as its numbers are read: holding all
    of them made the collector scan thousands of live containers again and again."""
    import gc
    import pickle

    occurrences = [(1, 4, 6), (3, 9, 5), (2, 7, 4)]
    value = b"\x00\x00\x00\x03" + pickle.dumps(occurrences, 2)
    docs = np.arange(20_000, dtype=np.int64)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        found_docs, positions = phrases_module._decoded(docs, [value] * len(docs), 3)
    finally:
        gc.callbacks.remove(count)
    assert positions[:3].tolist() == [1, 4, 6] and len(found_docs) == 3 * len(docs)
    assert len(collections) < 5
