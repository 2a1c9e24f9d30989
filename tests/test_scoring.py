"""The fast search paths give what Whoosh gives: ranking hit for hit, postings, parsed
words; entity facets count what documents hold."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pytest
from whoosh import highlight, sorting
from whoosh.searching import Searcher

from briefing_reader.core.search import postings as postings_module
from briefing_reader.core.search.blocks import read_blocks
from briefing_reader.core.search.entity_table import clear_entity_tables
from briefing_reader.core.search.facets import FacetColumns
from briefing_reader.core.search.matching import matching_documents
from briefing_reader.core.search.postings import Postings
from briefing_reader.core.search.query import _parser, parse_query, plain_query
from briefing_reader.core.search.schema import build_schema, encode_entity_keys
from briefing_reader.core.search.scoring import score_query, top_documents
from briefing_reader.core.search.snippets import SnippetFormatter, body_matches, pinpoint_snippet
from briefing_reader.core.search.suggest import _asked_loosely
from tests.index_fixtures import segmented_index

WORDS = [
    "harbour",
    "trade",
    "minister",
    "said",
    "talks",
    "tariff",
    "steel",
    "port",
    "strike",
    "union",
    "vote",
    "court",
    "ruling",
    "appeal",
    "judge",
    "ship",
    "cargo",
    "market",
    "price",
    "oil",
    "gas",
    "liquefied",
    "natural",
    "deal",
    "senate",
    "bill",
]
PEOPLE = ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Weiss", "Eli Stone"]
ORGS = ["Port Authority", "Steel Union", "Trade Court"]
PLACES = ["Rotterdam", "Lagos", "Osaka"]


def _docs() -> list[dict[str, object]]:
    rng = random.Random(23)
    docs = []
    for number in range(150):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 80)))
        if number % 7 == 0:
            body += " liquefied natural gas"
        keys = {("PERSON", p) for p in rng.sample(PEOPLE, rng.randint(0, 3))}
        keys |= {("ORG", o) for o in rng.sample(ORGS, rng.randint(0, 2))}
        keys |= {(rng.choice(["GPE", "LOC"]), p) for p in rng.sample(PLACES, rng.randint(0, 2))}
        doc: dict[str, object] = {
            "id": number + 1,
            "date": rng.choice([0, 20240101, 20240101, 20231231, 20250315]),
            "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))),
            "body": body,
        }
        if keys:
            doc["entity_keys"] = encode_entity_keys(keys)
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    """Three segments, one with deletions: numbering and statistics span all of them."""
    docs = _docs()
    parts = (docs[:60], docs[60:110], docs[110:])
    ix = segmented_index(tmp_path_factory.mktemp("scoring"), parts, deleted=(3, 64, 120))
    with ix.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 3
        yield opened
    ix.close()


QUERIES = [
    "harbour",
    "steel tariff",
    "steel OR tariff OR port",
    "trade NOT union",
    "trade ANDNOT union",
    "trade ANDMAYBE union",
    "(court OR judge) AND (ruling OR appeal)",
    '"liquefied natural"',
    '"liquefied natural gas"',
    '"natural liquefied"',
    '"steel port" OR harbour',
    "title:steel",
    "title:steel body:port",
    "tarif~2",
    "minster~1 talks",
    "sen* OR tr*",
    "harb?ur",
    "nothingatall",
    "harbour nothingatall",
]


@pytest.mark.parametrize("text", QUERIES)
def test_ranking_is_whooshs_hit_for_hit(searcher: Searcher, text: str) -> None:
    q = parse_query(text, searcher.schema).query
    scored = score_query(searcher, Postings(searcher.reader()), q)
    assert scored is not None
    # The app's set evaluator, not ``docs_for_query``: Whoosh 2.7's ANDNOT keeps a document
    # holding the excluded word when the two sides span segments differently.
    matched = matching_documents(searcher, q)
    assert set(scored.matching().tolist()) == matched
    theirs = [hit for hit in searcher.search(q, limit=None) if hit.docnum in matched][:40]
    ours = top_documents(scored, 40)
    assert [docnum for _, docnum in ours] == [hit.docnum for hit in theirs]
    assert [score for score, _ in ours] == pytest.approx([hit.score for hit in theirs], rel=1e-9)


def test_shapes_it_cannot_do_are_left_to_whoosh(searcher: Searcher) -> None:
    q = parse_query("harbour date:2020", searcher.schema).query  # a numeric range
    assert score_query(searcher, Postings(searcher.reader()), q) is None


def test_top_documents_keeps_whooshs_order_among_equal_scores(searcher: Searcher) -> None:
    q = parse_query("harbour", searcher.schema).query
    scored = score_query(searcher, Postings(searcher.reader()), q)
    assert scored is not None
    scored.scores[scored.matched] = 1.0  # every match ties: lower numbers first
    assert [d for _, d in top_documents(scored, 5)] == scored.matching()[:5].tolist()


def test_decoded_postings_stay_bounded(searcher: Searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings_module, "CACHED_POSTINGS", 10)
    arrays = Postings(searcher.reader())
    body = searcher.schema["body"]
    first = arrays.term("body", body.to_bytes("harbour"))
    arrays.term("body", body.to_bytes("steel"))
    assert arrays.term("body", body.to_bytes("harbour")) is not first  # read again
    assert np.array_equal(arrays.term("body", body.to_bytes("harbour"))[0], first[0])


def test_entity_facets_count_each_documents_entities(searcher: Searcher) -> None:
    """Over three segments, counted from the column's lines one document at a time."""
    clear_entity_tables()
    reader = searcher.reader()
    ranked = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)][::-1]
    facets = FacetColumns().entity_facets(reader, ranked)
    lines: Counter[str] = Counter()
    column = reader.column_reader("entity_keys")
    for docnum in ranked:
        lines.update(column[docnum].decode().splitlines())
    facet_of = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
    counts: dict[str, dict[str, int]] = {"person": {}, "org": {}, "place": {}}
    for line, count in lines.items():
        label, _, name = line.partition("\t")
        counted = counts[facet_of[label]]  # a place read as GPE and LOC: the larger count
        counted[name] = max(counted.get(name, 0), count)
    assert counts["place"] and len(lines) > sum(len(c) for c in counts.values())
    for name, counted in counts.items():
        assert facets[name] == sorted(counted.items(), key=lambda i: (-i[1], i[0]))[:10]


def test_postings_read_whole_are_whooshs_block_by_block(searcher: Searcher) -> None:
    """Every term of the scored fields: ids, weights and values as Whoosh's matchers
    give them (one-posting terms are inlined in the term table and read that way)."""
    arrays = Postings(searcher.reader())
    reader = searcher.reader()
    whole = 0
    for fieldname in ("title", "body"):
        for btext in reader.lexicon(fieldname):
            ids, weights = arrays.term(fieldname, btext)
            values = arrays.values_of(fieldname, btext, ids)
            postings = reader.postings(fieldname, btext)  # deleted documents hidden
            expected = []
            while postings.is_active():
                expected.append((postings.id(), postings.weight(), postings.value()))
                postings.next()
            live = [i for i, docnum in enumerate(ids.tolist()) if not reader.is_deleted(docnum)]
            got = [(int(ids[i]), float(weights[i]), values[i]) for i in live]
            assert got == expected
            for leaf, _ in reader.leaf_readers():  # read whole, not posting by posting
                if (fieldname, btext) in leaf and not leaf._terms.term_info(
                    fieldname, btext
                ).is_inlined():
                    start, (size,) = leaf._terms.term_info(fieldname, btext).extent()
                    fixed = leaf.schema[fieldname].format.fixed_value_size()
                    blocks = list(read_blocks(leaf._terms._postfile, start, size, fixed))
                    assert sum(len(b[0]) for b in blocks) == leaf.doc_frequency(fieldname, btext)
                    whole += 1
    assert whole > 20


def test_plain_words_are_parsed_as_whoosh_parses_them() -> None:
    """Words, or one quoted phrase of them: stop words, single letters, digits, stems,
    accents and other scripts; anything else is left to Whoosh's parser."""
    schema = build_schema()
    parser = _parser(schema)
    words = [
        "the",
        "a",
        "of",
        "and",
        "Trump",
        "SAID",
        "running",
        "café",
        "naïve",
        "2016",
        "x",
        "7",
        "über",
        "straße",
        "to",
        "To",
        "3d",
        "ab",
        "Ünïcode",
        "ΑΘΗΝΑ",
        "東京",
        "½",
        "²",
        "٣",
        "1st",
        "İstanbul",
        "ǅemal",
        "ﬁnance",
    ]
    rng = random.Random(5)
    for number in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        if number % 2:
            text = f' "{text} AND"  ' if number % 3 else f'"{text}"'
        ours = plain_query(text, schema)
        theirs = parser.parse(text)
        assert ours is not None
        assert repr(ours) == repr(theirs)
        for mine, whooshs in zip(ours.children(), theirs.children(), strict=True):
            assert getattr(mine, "char_ranges", None) == getattr(whooshs, "char_ranges", None)
    for text in ("trump AND said", "NOT trump", "trump's", "co-op", "title:trump", '"a b" c'):
        assert plain_query(text, schema) is None


def test_fuzzy_words_are_parsed_as_whoosh_parses_them() -> None:
    """``word~``, ``word~2`` among plain words: the same terms, distances and places in
    the typed text as Whoosh's fuzzy plugin gives (the notices quote them from there)."""
    schema = build_schema()
    parser = _parser(schema)
    words = ["the", "Trump", "running", "café", "2016", "x", "ΑΘΗΝΑ", "東京", "ﬁnance", "posteng"]
    rng = random.Random(7)
    fuzzy = 0
    for _ in range(1500):
        text = " ".join(
            rng.choice(words) + rng.choice(["", "~", "~1", "~2", "~0"])
            for _ in range(rng.randint(1, 4))
        )
        ours, theirs = plain_query(text, schema), parser.parse(text)
        assert ours is not None and repr(ours) == repr(theirs)
        for mine, whooshs in zip(ours.leaves(), theirs.leaves(), strict=True):
            assert (mine.startchar, mine.endchar) == (whooshs.startchar, whooshs.endchar)
            fuzzy += type(mine).__name__ == "FuzzyTerm"
    assert fuzzy > 1000
    for text in ("trump~2/3", "trump~22", "tr~ump", "trump ~2", "AND~2"):
        assert plain_query(text, schema) is None


@pytest.mark.parametrize(
    ("text", "loose"),
    [("trump~", True), ("trum*", False), ("*trump", True), ("tr?mp trump~2", True),
     ("strump~", False), ("trump", False), ("trump*", True)],
)  # fmt: skip
def test_did_you_mean_leaves_words_asked_loosely(text: str, loose: bool) -> None:
    assert _asked_loosely(text, "trump") is loose


@pytest.mark.parametrize("text", ["harbour", "steel OR tariff", '"liquefied natural"'])
def test_date_order_is_whooshs(searcher: Searcher, text: str) -> None:
    """Newest first, then the highest id; undated documents last."""
    q = parse_query(text, searcher.schema).query
    scored = score_query(searcher, Postings(searcher.reader()), q)
    assert scored is not None
    ours = FacetColumns().newest_first(searcher.reader(), scored.matching(), 40)
    theirs = searcher.search(
        q,
        limit=40,
        sortedby=[sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("id", reverse=True)],
    )
    assert ours == [hit.docnum for hit in theirs]
    assert len(ours) > 5


@pytest.mark.parametrize("text", ["harbour", "steel tariff port", "tarif~2", '"liquefied natural"'])
def test_snippets_are_whooshs_pinpoint_highlights(searcher: Searcher, text: str) -> None:
    bodies = {doc["id"]: str(doc["body"]) for doc in _docs()}
    q = parse_query(text, searcher.schema).query
    results = searcher.search(q, limit=20, terms=True)
    results.highlighter = highlight.Highlighter(
        fragmenter=highlight.PinpointFragmenter(surround=160, maxchars=320, autotrim=True),
        formatter=SnippetFormatter(),
    )
    matches = body_matches(searcher, Postings(searcher.reader()), q, [h.docnum for h in results])
    compared = 0
    for hit in results:
        body = bodies[hit["id"]]
        theirs = hit.highlights("body", text=body, top=2)
        ours = pinpoint_snippet(body, matches[hit.docnum])
        assert (ours.text, ours.highlights) == (theirs.text, theirs.highlights)
        compared += bool(ours.highlights)
    assert compared >= 5


def test_entity_facets_count_the_first_distinct_matches_of_an_array(searcher: Searcher) -> None:
    """The shown hits then the best thousand, as one array: repeats count once, and the
    documents counted are the first distinct ones, as from a list."""
    from briefing_reader.core.search import facets as facets_module

    ranked = [5, 3, 5, 1, 3, 9, 7]
    assert facets_module._first_distinct(np.asarray(ranked), 3).tolist() == [5, 3, 1]
    assert facets_module._first_distinct(iter(ranked), 3).tolist() == [5, 3, 1]
    reader = searcher.reader()
    live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
    doubled = np.asarray(live[:10] + live, dtype=np.int64)
    columns = FacetColumns()
    assert columns.entity_facets(reader, doubled) == columns.entity_facets(reader, live)
