"""Fast fuzzy and wildcard expansion, matching sets and index facets agree with Whoosh's own."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from whoosh import index, query, sorting
from whoosh.searching import Searcher

from briefing_reader.core.search import expansion, vocabulary
from briefing_reader.core.search.expansion import (
    MAX_EXPANSIONS,
    CappedFuzzyTerm,
    CappedPrefix,
    CappedWildcard,
    expansion_notices,
)
from briefing_reader.core.search.facets import FacetColumns
from briefing_reader.core.search.matching import matching_documents
from briefing_reader.core.search.query import parse_query
from briefing_reader.core.search.schema import build_schema
from tests.index_fixtures import segmented_index

WORDS = [
    "hundred",
    "hundreds",
    "hunted",
    "hunter",
    "hounded",
    "thunder",
    "sundry",
    "posting",
    "postings",
    "poster",
    "posted",
    "hostile",
    "hostel",
    "hostels",
    "host",
    "hosting",
    "secure",
    "security",
    "securities",
    "insecurity",
    "woman",
    "women",
    "calling",
    "casting",
    "catling",
    "culling",
    "talking",
    "calming",
    "halting",
    "salting",
    "tolling",
    "rolling",
    "tokyo",
    "token",
    "told",
    "toll",
    "tone",
    "top",
    "took",
    "tour",
    "toward",
    "total",
]
#: Enough words starting "ab" to pass the expansion cap, each in a different number of docs.
MANY = [f"ab{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(MAX_EXPANSIONS + 16)]


def _docs() -> list[dict[str, object]]:
    rng = random.Random(17)
    docs = []
    for number in range(120):
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        extra = " ".join(w for j, w in enumerate(MANY) if number % (j % 5 + 1) == 0)
        docs.append(
            {
                "id": number + 1,
                "title": " ".join(rng.choice(WORDS) for _ in range(4)),
                "body": f"{body} {extra}",
                "source": f"Source {number % 3}",
                "source_facet": f"Source {number % 3}",
                "year": 2020 + number % 4,
                "date": (2020 + number % 4) * 10000 + 101,
            }
        )
    return docs


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    """An index of two segments with a deleted document: expansion must see all of it."""
    docs = _docs()
    ix = segmented_index(tmp_path_factory.mktemp("expansion"), (docs[:70], docs[70:]), deleted=(5,))
    with ix.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 2
        yield opened
    ix.close()


def _words(btexts: object) -> set[str]:
    return {b.decode() if isinstance(b, bytes) else str(b) for b in btexts}  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["hundrud", "postng", "hostil", "calting", "tokio", "zzz"])
@pytest.mark.parametrize("maxdist", [1, 2])
def test_fuzzy_words_are_whooshs(searcher: Searcher, text: str, maxdist: int) -> None:
    for reader in [searcher.reader()] + [leaf for leaf, _ in searcher.reader().leaf_readers()]:
        theirs = _words(query.FuzzyTerm("body", text, maxdist=maxdist)._btexts(reader))
        ours = set(CappedFuzzyTerm("body", text, maxdist=maxdist)._btexts(reader))
        assert ours == theirs


@pytest.mark.parametrize("pattern", ["ho*", "wom?n", "sec*ty", "to[lp]*", "ab*"])
def test_wildcard_words_are_whooshs(searcher: Searcher, pattern: str) -> None:
    reader = searcher.reader()
    theirs = _words(query.Wildcard("body", pattern)._btexts(reader))
    ours = set(CappedWildcard("body", pattern).expansion(reader).words)
    if len(theirs) <= MAX_EXPANSIONS:
        assert ours == theirs
    else:
        assert ours < theirs and len(ours) == MAX_EXPANSIONS


def test_prefix_is_capped_to_the_most_frequent(searcher: Searcher) -> None:
    for leaf, _ in searcher.reader().leaf_readers():
        found = CappedPrefix("body", "ab").expansion(leaf)
        matches = [w for w in MANY if ("body", w.encode()) in leaf]
        assert found.found == len(matches) > MAX_EXPANSIONS and found.capped
        frequency = {w: leaf.doc_frequency("body", w) for w in matches}
        kept = min(frequency[w] for w in found.words)
        assert all(frequency[w] <= kept for w in matches if w not in found.words)
    notices = expansion_notices(parse_query("ab*", searcher.schema).query, searcher.reader())
    assert notices == [f"“ab*” matches {len(MANY)} words; searched for the 64 most frequent"]


def test_a_query_shares_one_postings_budget(searcher: Searcher) -> None:
    reader = searcher.reader().leaf_readers()[0][0]
    q = parse_query("ab* OR ho* OR to* OR se*", searcher.schema).query
    terms = expansion.capped_terms(q)
    assert len(terms) == 12 and {t.budget for t in terms} == {expansion.QUERY_POSTINGS // 12}
    for term in terms:
        term.budget = 150
        words = term.expansion(reader).words
        spent = sum(reader.doc_frequency(term.fieldname, w) for w in words)
        assert spent <= 150 or len(words) == 1


def _whoosh_form(q: query.Query) -> query.Query:
    """The same query with Whoosh's own classes (and Whoosh's choice of union matcher)."""
    if isinstance(q, query.Or):
        return query.Or([_whoosh_form(child) for child in q.subqueries], boost=q.boost)
    if isinstance(q, CappedFuzzyTerm):
        return query.FuzzyTerm(q.fieldname, q.text, maxdist=q.maxdist, prefixlength=q.prefixlength)
    if isinstance(q, CappedPrefix):
        return query.Prefix(q.fieldname, q.text)
    if isinstance(q, CappedWildcard):
        return query.Wildcard(q.fieldname, q.text)
    return q.apply(_whoosh_form)


@pytest.mark.parametrize(
    "text", ["hundrud~2", "postng~1 OR hostil~2", "calting~2 tokio~1", "wom?n", "sec* hostile"]
)
def test_same_ranking_as_whoosh_expansion(searcher: Searcher, text: str) -> None:
    ours = parse_query(text, searcher.schema).query
    theirs = _whoosh_form(ours)
    assert not expansion.capped_terms(theirs)
    got = [(h.docnum, round(h.score, 6)) for h in searcher.search(ours, limit=10)]
    # Recording terms, as the search did before: Whoosh then sums the words' weights.
    expected = [
        (h.docnum, round(h.score, 6)) for h in searcher.search(theirs, limit=10, terms=True)
    ]
    assert got == expected and got


@pytest.mark.parametrize(
    "text",
    [
        "hostile",
        "hostile tokyo",
        "hostile OR tokyo",
        "hostile NOT tokyo",
        "NOT hostile",
        '"hostile tokyo"',
        "calting~2 AND NOT wom?n",
        "(secure OR women) AND (told OR toll)",
        "title:hunter",
        "nothingatall",
    ],
)
def test_matching_documents_are_whooshs(searcher: Searcher, text: str) -> None:
    q = parse_query(text, searcher.schema).query
    assert matching_documents(searcher, q) == set(searcher.docs_for_query(q))


@pytest.mark.parametrize("by_positions", [True, False], ids=["at once", "record by record"])
def test_vocabulary_read_from_the_term_file(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch, by_positions: bool
) -> None:
    """From the term table's array of key positions, or walking its records."""
    read_at = vocabulary._records_at
    used: list[int] = []

    def records_at(data: bytes, starts: np.ndarray) -> object:
        found = read_at(data, starts) if by_positions else None
        assert found is not None or not by_positions
        used.append(len(starts))
        return found

    monkeypatch.setattr(vocabulary, "_records_at", records_at)
    for leaf, _ in searcher.reader().leaf_readers():
        for fieldname in ("body", "title", "notes", "person"):
            words, frequencies = vocabulary.read_lexicon(leaf, fieldname)  # type: ignore[misc]
            assert words == list(leaf.lexicon(fieldname))
            assert frequencies == [leaf.doc_frequency(fieldname, w) for w in words]
    assert sum(used) > 100


def test_field_facets_count_like_whoosh(searcher: Searcher) -> None:
    q = parse_query("hostile OR ab*", searcher.schema).query
    matched = matching_documents(searcher, q)
    facets = FacetColumns().field_facets(searcher.reader(), matched)
    grouped = searcher.search(
        q,
        limit=None,
        groupedby={
            "source": sorting.FieldFacet("source_facet", maptype=sorting.Count),
            "year": sorting.FieldFacet("year", maptype=sorting.Count),
        },
    )
    assert dict(facets["source"]) == dict(grouped.groups("source").items())
    assert dict(facets["year"]) == {str(y): n for y, n in grouped.groups("year").items()}
    assert [year for year, _ in facets["year"]] == sorted(dict(facets["year"]), reverse=True)


def test_caches_stay_bounded(searcher: Searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_reader.core.search.cache import Lru

    lru: Lru[set[int]] = Lru(10, weigh=len)
    for number in range(5):
        lru.put(number, set(range(4)))
    assert len(lru) == 2 and lru.get(4) and lru.get(0) is None
    lru.put("big", set(range(50)))  # the newest stays even alone over the bound
    assert len(lru) == 1

    leaf = searcher.reader().leaf_readers()[0][0]
    vocabulary.clear_vocabularies()
    monkeypatch.setattr(vocabulary, "CACHED_WORDS", 1)
    monkeypatch.setattr(vocabulary, "_largest_read", 0)
    body = vocabulary.segment_vocabulary(leaf, "body")
    title = vocabulary.segment_vocabulary(leaf, "title")
    # The bound follows the largest vocabulary read (twice it), so a query over the
    # title and the body does not read one again each time it reads the other.
    assert vocabulary._words_bound() == 2 * len(body.words) > len(title.words)
    assert vocabulary.segment_vocabulary(leaf, "body") is body
    assert vocabulary.segment_vocabulary(leaf, "title") is title
    vocabulary.clear_vocabularies()


def test_every_vocabulary_of_the_segments_searched_stays_cached(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fuzzy word over the title and the body of two segments reads four vocabularies;
    a bound that held only twice the largest pushed one out with each other, so every
    query read them all again."""
    reads: list[str] = []
    real_read = vocabulary.read_lexicon

    def counted(reader: object, fieldname: str) -> object:
        reads.append(fieldname)
        return real_read(reader, fieldname)  # type: ignore[arg-type]

    vocabulary.clear_vocabularies()
    monkeypatch.setattr(vocabulary, "read_lexicon", counted)
    monkeypatch.setattr(vocabulary, "CACHED_WORDS", 1)
    monkeypatch.setattr(vocabulary, "_largest_read", 0)
    reader = searcher.reader()
    for _ in range(3):
        for fieldname in ("body", "title"):
            CappedFuzzyTerm(fieldname, "hostil", maxdist=2).expansion(reader)
    assert sorted(reads) == ["body", "body", "title", "title"]  # once per segment and field
    largest = max(
        len(vocabulary.segment_vocabulary(leaf, "body").words) for leaf, _ in reader.leaf_readers()
    )
    assert vocabulary._words_bound() > 2 * largest
    vocabulary.clear_vocabularies()


def test_notices_quote_the_term_as_typed(searcher: Searcher) -> None:
    parsed = parse_query("hostile OR (body:ab* AND hostel)", searcher.schema)
    notices = expansion_notices(parsed.query, searcher.reader(), parsed.parsed_text)
    assert notices == [f"“ab*” matches {len(MANY)} words; searched for the 64 most frequent"]


def test_facets_over_segments_without_the_column(tmp_path: Path) -> None:
    """A segment where no document has a source or entities has no column for them."""
    from briefing_reader.core.search.schema import encode_entity_keys

    ix = index.create_in(str(tmp_path), build_schema())
    for docs in (
        [{"id": 1, "body": "a", "source_facet": "Reuters", "year": 2020,
          "entity_keys": encode_entity_keys({("PERSON", "Lloyd Austin")})}],
        [{"id": 2, "body": "b"}, {"id": 3, "body": "c", "source_facet": "AP"}],
        [{"id": 4, "body": "d"}],
    ):  # fmt: skip
        writer = ix.writer()
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(merge=False)
    with ix.searcher() as opened:
        reader = opened.reader()
        facets = FacetColumns().all_facets(reader, {0, 1, 2, 3}, [3, 2, 1, 0])
    assert dict(facets["source"]) == {"Reuters": 1, "AP": 1}
    assert facets["year"] == [("2020", 1)]
    assert facets["person"] == [("Lloyd Austin", 1)]
    ix.close()


def test_a_term_over_segments_is_capped_once(tmp_path: Path) -> None:
    """Each segment's matches are merged before the cap: a term keeps its 64 best words
    of the whole index (by documents over every segment), not 64 of each segment, and
    its budget counts those documents."""
    common = [f"zq{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(MAX_EXPANSIONS)]
    rare = [f"zz{chr(97 + i)}x" for i in range(16)]  # the second segment's most frequent
    first = [{"id": n, "body": " ".join(common + (rare if n == 0 else []))} for n in range(4)]
    second = [{"id": 10 + n, "body": " ".join(rare)} for n in range(2)]
    ix = segmented_index(tmp_path, (first, second))
    with ix.searcher() as opened:
        reader = opened.reader()
        assert len(reader.leaf_readers()) == 2
        found = CappedPrefix("body", "z").expansion(reader)
        assert found.found == len(common) + len(rare) and found.capped
        assert sorted(found.words) == common  # in 4 documents each, the others in 3
        spread = CappedWildcard("body", "zz?x")
        spread.budget = 4  # each word is in 1 + 2 documents: one word fits
        assert spread.expansion(reader).words == ("zzax",)
    ix.close()
