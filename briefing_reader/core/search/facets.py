"""Facet counts over a set of matching documents, read from the index's columns.

Whoosh's ``groupedby`` counts facets inside its collector, a Python call per match on
top of scoring, and the entity facets were a database query over up to a thousand
documents per search. Here the source and year of every document are read once per
searcher (two lists in document order) and counted with C-level ``itemgetter`` and
``Counter``; each document's entities are one column value (``entity_keys``), decoded
once and kept in a bounded cache, so a search counts entities without touching the
database.
"""

from __future__ import annotations

import bisect
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable
from itertools import chain
from operator import itemgetter

from whoosh.reading import IndexReader, SegmentReader

from briefing_reader.core.search.schema import ENTITY_KEYS_FIELD

#: Facet name → index column; the GUI shows these as filters.
FACET_FIELDS = {"source": "source_facet", "year": "year"}
FACET_LIMIT = 20
#: Entity facet name → the labels counted under it.
ENTITY_FACETS = {"person": ("PERSON",), "org": ("ORG",), "place": ("GPE", "LOC")}
ENTITY_FACET_LIMIT = 10
#: Entity facets count over at most this many best matches (exact below it).
ENTITY_FACET_DOCS = 1000
#: Documents whose entity column value is kept per searcher (1–2 KB each).
CACHED_DOCUMENT_ENTITIES = 2_000


class FacetColumns:
    """One searcher's facet columns, read when first needed (one per thread's searcher)."""

    def __init__(self) -> None:
        self._columns: dict[str, list[object]] = {}
        self._entities: OrderedDict[int, bytes] = OrderedDict()
        self._entity_column: Callable[[int], bytes] | None = None

    def _column(self, reader: IndexReader, fieldname: str) -> list[object]:
        values = self._columns.get(fieldname)
        if values is None:
            values = self._columns[fieldname] = _whole_column(reader, fieldname)
        return values

    def field_facets(
        self, reader: IndexReader, docnums: Collection[int]
    ) -> dict[str, list[tuple[str, int]]]:
        """Source and year counts (20 most common sources, newest years first)."""
        facets: dict[str, list[tuple[str, int]]] = {}
        for name, fieldname in FACET_FIELDS.items():
            counts = Counter(_pick(self._column(reader, fieldname), docnums))
            present = [
                (_facet_text(value), count)
                for value, count in counts.items()
                if value not in (None, "", b"", 0)
            ]
            if name == "year":
                present.sort(key=lambda item: -int(item[0]))
            else:
                present.sort(key=lambda item: (-item[1], item[0]))
            facets[name] = present[:FACET_LIMIT]
        return facets

    def entity_facets(
        self, reader: IndexReader, ranked: Iterable[int]
    ) -> dict[str, list[tuple[str, int]]]:
        """Person, organisation and place facets: the entities mentioned in most of the
        first :data:`ENTITY_FACET_DOCS` of ``ranked`` (exact below that).

        Counting happens on the raw column lines in C (``Counter`` over ``chain``); the
        lines are then walked from the most common down only until every facet has its
        ten (and their ties), so a query over a thousand documents decodes a few dozen
        names, not the thousands it counted.
        """
        counts = Counter(
            chain.from_iterable(
                self._document_entities(reader, docnum).split(b"\n")
                for docnum in _first_distinct(ranked, ENTITY_FACET_DOCS)
            )
        )
        facet_of = {
            label.encode() + b"\t": name
            for name, labels in ENTITY_FACETS.items()
            for label in labels
        }
        picked: dict[str, dict[str, int]] = {name: {} for name in ENTITY_FACETS}
        floor: dict[str, int] = {}
        for line, count in counts.most_common():
            if len(floor) == len(picked) and all(count < f for f in floor.values()):
                break
            label, _, entity = line.partition(b"\t")
            name = facet_of.get(label + b"\t")
            if name is None or count < floor.get(name, 0):
                continue
            chosen = picked[name]
            text = entity.decode("utf-8")
            chosen[text] = max(chosen.get(text, 0), count)
            if len(chosen) >= ENTITY_FACET_LIMIT and name not in floor:
                floor[name] = count
        return {
            name: sorted(chosen.items(), key=lambda item: (-item[1], item[0]))[:ENTITY_FACET_LIMIT]
            for name, chosen in picked.items()
        }

    def all_facets(
        self, reader: IndexReader, matched: Collection[int], ranked: Iterable[int]
    ) -> dict[str, list[tuple[str, int]]]:
        """Source and year over ``matched``; entities (when anything matched) over
        ``ranked``, the shown hits first."""
        facets = self.field_facets(reader, matched)
        if matched:
            facets.update(self.entity_facets(reader, ranked))
        return facets

    def _document_entities(self, reader: IndexReader, docnum: int) -> bytes:
        """The document's ``LABEL<TAB>name`` lines."""
        found = self._entities.get(docnum)
        if found is not None:
            return found
        if self._entity_column is None:
            self._entity_column = _column_values(reader, ENTITY_KEYS_FIELD, b"")
        found = self._entities[docnum] = self._entity_column(docnum)
        if len(self._entities) > CACHED_DOCUMENT_ENTITIES:
            self._entities.popitem(last=False)
        return found


def _first_distinct(values: Iterable[int], count: int) -> list[int]:
    chosen: dict[int, None] = {}
    for value in values:
        chosen[value] = None
        if len(chosen) == count:
            break
    return list(chosen)


def _leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    if isinstance(reader, SegmentReader):
        return [(reader, 0)]
    return sorted(reader.leaf_readers(), key=lambda leaf: leaf[1])


def _whole_column(reader: IndexReader, fieldname: str) -> list[object]:
    """Every document's value, segment by segment (a segment where no document had the
    field has no column: its documents get None)."""
    values: list[object] = []
    for leaf, _offset in _leaves(reader):
        size = leaf.doc_count_all()
        part = list(leaf.column_reader(fieldname)) if leaf.has_column(fieldname) else []
        values += part[:size] + [None] * (size - len(part))
    return values


def _column_values(reader: IndexReader, fieldname: str, default: bytes) -> Callable[[int], bytes]:
    """A document's value read on demand, from whichever segment holds it."""
    leaves = _leaves(reader)
    starts = [offset for _, offset in leaves]
    readers = [
        leaf.column_reader(fieldname).__getitem__ if leaf.has_column(fieldname) else None
        for leaf, _ in leaves
    ]

    def value(docnum: int) -> bytes:
        index = bisect.bisect_right(starts, docnum) - 1
        read = readers[index]
        return read(docnum - starts[index]) if read is not None else default

    return value


def _pick(values: list[object], docnums: Collection[int]) -> list[object]:
    if not docnums:
        return []
    if len(docnums) == 1:
        return [values[next(iter(docnums))]]
    return list(itemgetter(*docnums)(values))


def _facet_text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
