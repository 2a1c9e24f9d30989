"""Facet counts over a set of matching documents, read from the index's columns.

Whoosh's ``groupedby`` counts facets inside its collector, a Python call per match on
top of scoring, and the entity facets were a database query over up to a thousand
documents per search. Here the source and year of every document are read once per
searcher (two lists in document order) and counted with C-level ``itemgetter`` and
``Counter``; each document's entities (the ``entity_keys`` column) are numbered arrays
read once per segment (:mod:`entity_table`), so a search counts entities with numpy,
without touching the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
from whoosh.reading import IndexReader, SegmentReader

from briefing_reader.core.search.entity_table import EntityTable, entity_table, name_ranks
from briefing_reader.core.search.postings import IntArray

#: Facet name → index column; the GUI shows these as filters.
FACET_FIELDS = {"source": "source_facet", "year": "year"}
FACET_LIMIT = 20
#: Entity facet name → the labels counted under it.
ENTITY_FACETS = {"person": ("PERSON",), "org": ("ORG",), "place": ("GPE", "LOC")}
ENTITY_FACET_LIMIT = 10
#: Entity facets count over at most this many best matches (exact below it).
ENTITY_FACET_DOCS = 1000


class FacetColumns:
    """One searcher's facet and sort columns, read when first needed (one per thread's
    searcher)."""

    def __init__(self) -> None:
        self._columns: dict[str, _CodedColumn] = {}
        self._arrays: dict[str, IntArray] = {}
        self._space: _EntitySpace | None = None

    def _column(self, reader: IndexReader, fieldname: str) -> _CodedColumn:
        found = self._columns.get(fieldname)
        if found is None:
            found = self._columns[fieldname] = _CodedColumn(_whole_column(reader, fieldname))
        return found

    def field_facets(
        self, reader: IndexReader, docnums: Collection[int] | IntArray
    ) -> dict[str, list[tuple[str, int]]]:
        """Source and year counts (20 most common sources, newest years first)."""
        if not isinstance(docnums, np.ndarray):
            docnums = np.fromiter(docnums, dtype=np.int64, count=len(docnums))
        facets: dict[str, list[tuple[str, int]]] = {}
        for name, fieldname in FACET_FIELDS.items():
            column = self._column(reader, fieldname)
            counts = np.bincount(column.codes[docnums], minlength=len(column.values))
            present = [
                (_facet_text(column.values[code]), int(counts[code]))
                for code in np.flatnonzero(counts).tolist()
                if column.values[code] not in (None, "", b"", 0)
            ]
            if name == "year":
                present.sort(key=lambda item: -int(item[0]))
            else:
                present.sort(key=lambda item: (-item[1], item[0]))
            facets[name] = present[:FACET_LIMIT]
        return facets

    def newest_first(self, reader: IndexReader, docnums: IntArray, count: int) -> list[int]:
        """The first ``count`` of ``docnums`` by date, newest first, then by id, highest
        first: the order of Whoosh's date sort, from the two columns read once."""
        dates, ids = (self.numbers(reader, name) for name in ("date", "id"))
        order = np.lexsort((-ids[docnums], -dates[docnums]))[:count]
        return docnums[order].tolist()  # type: ignore[no-any-return]

    def numbers(self, reader: IndexReader, fieldname: str) -> IntArray:
        """A numeric column (``id``, ``date``) as one array in document order."""
        found = self._arrays.get(fieldname)
        if found is None:
            values = _whole_column(reader, fieldname)
            found = np.fromiter((v or 0 for v in values), dtype=np.int64, count=len(values))
            self._arrays[fieldname] = found
        return found

    def entity_facets(
        self, reader: IndexReader, ranked: Iterable[int] | IntArray
    ) -> dict[str, list[tuple[str, int]]]:
        """Person, organisation and place facets: the entities mentioned in most of the
        first :data:`ENTITY_FACET_DOCS` of ``ranked`` (exact below that).

        Each segment's entities are numbered arrays (:mod:`entity_table`): the documents'
        lines are counted with one ``bincount`` in the searcher's numbering, and only the
        few lines that can make a facet's ten are decoded.
        """
        space = self._entity_space(reader)
        docnums = _first_distinct(ranked, ENTITY_FACET_DOCS)
        counts = np.zeros(len(space.lines), dtype=np.int64)
        for (table, mapping), (start, end) in zip(space.tables, space.ranges, strict=True):
            local = docnums[(docnums >= start) & (docnums < end)] - start
            if len(local):
                found = table.counts(local)
                if mapping is None:
                    counts += found
                else:  # a table's lines are distinct, so are their numbers: no add.at
                    counts[mapping] += found
        counted = np.flatnonzero(counts)  # the few lines these documents hold
        return {
            name: _top_entities(space, counts, counted[space.facet[counted] == number])
            for number, name in enumerate(ENTITY_FACETS)
        }

    def all_facets(
        self,
        reader: IndexReader,
        matched: Collection[int] | IntArray,
        ranked: Iterable[int] | IntArray,
    ) -> dict[str, list[tuple[str, int]]]:
        """Source and year over ``matched``; entities (when anything matched) over
        ``ranked``, the shown hits first."""
        facets = self.field_facets(reader, matched)
        if len(matched):
            facets.update(self.entity_facets(reader, ranked))
        return facets

    def _entity_space(self, reader: IndexReader) -> _EntitySpace:
        if self._space is None:
            self._space = _EntitySpace(reader)
        return self._space


def _first_distinct(values: Iterable[int] | IntArray, count: int) -> IntArray:
    """The first ``count`` distinct ``values`` in their order (an array: in numpy)."""
    if isinstance(values, np.ndarray):
        _, first = np.unique(values, return_index=True)
        return values[np.sort(first)[:count]]
    chosen: dict[int, None] = {}
    for value in values:
        chosen[value] = None
        if len(chosen) == count:
            break
    return np.fromiter(chosen, dtype=np.int64, count=len(chosen))


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


class _CodedColumn:
    """A column as the distinct values and, per document, the number of its value."""

    def __init__(self, values: list[object]) -> None:
        numbers: dict[object, int] = {}
        codes = [numbers.setdefault(value, len(numbers)) for value in values]
        self.values = list(numbers)
        self.codes: IntArray = np.asarray(codes, dtype=np.int64)


def _facet_text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class _EntitySpace:
    """The searcher's segments' entity tables in one numbering of their lines (a single
    segment's own numbering; across segments, each segment's codes mapped onto it)."""

    def __init__(self, reader: IndexReader) -> None:
        leaves = _leaves(reader)
        tables = [entity_table(leaf) for leaf, _ in leaves]
        self.ranges = [(offset, offset + leaf.doc_count_all()) for leaf, offset in leaves]
        if len(tables) == 1:
            self.lines = tables[0].lines
            self.tables: list[tuple[EntityTable, IntArray | None]] = [(tables[0], None)]
            self.rank = tables[0].name_ranks()
        else:
            numbers: dict[bytes, int] = {}
            self.tables = []
            for table in tables:
                mapping = [numbers.setdefault(line, len(numbers)) for line in table.lines]
                self.tables.append((table, np.asarray(mapping, dtype=np.int64)))
            self.lines = list(numbers)
            self.rank = name_ranks(self.lines)
        facet_of = {
            label.encode() + b"\t": number
            for number, labels in enumerate(ENTITY_FACETS.values())
            for label in labels
        }
        self.facet = np.fromiter(
            (facet_of.get(line[: line.find(b"\t") + 1], -1) for line in self.lines),
            dtype=np.int8,
            count=len(self.lines),
        )


def _top_entities(space: _EntitySpace, counts: IntArray, chosen: IntArray) -> list[tuple[str, int]]:
    """The ten most counted names of the ``chosen`` lines (one facet's, counted at least
    once; ties by name); a name under two labels of one facet (a place read as GPE and
    LOC) keeps its larger count.

    Lines are ordered by count, then name, in numpy (names ranked once per table); only
    the first twenty are decoded: a name holds at most two lines of a facet, so its best
    line is among them if it makes the ten.
    """
    keep = 2 * ENTITY_FACET_LIMIT
    if len(chosen) > keep:
        floor = np.partition(counts[chosen], len(chosen) - keep)[len(chosen) - keep]
        chosen = chosen[counts[chosen] >= floor]
    chosen = chosen[np.lexsort((space.rank[chosen], -counts[chosen]))][:keep]
    best: dict[str, int] = {}
    for number in chosen.tolist():
        name = space.lines[number].partition(b"\t")[2].decode("utf-8")
        best[name] = max(best.get(name, 0), int(counts[number]))
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:ENTITY_FACET_LIMIT]
