"""Fuzzy (``word~2``) and wildcard (``secur*``, ``wom?n``) terms expanded fast and capped.

Whoosh expands these by walking the term dictionary in pure Python (a Levenshtein
automaton or a regular expression per word): a quarter of a second for one fuzzy word
on a few thousand articles, more with every segment. Here each segment's vocabulary of
a field is read once into a sorted list (segments never change, so it stays valid until
a merge replaces the segment), the candidates sharing the literal prefix are a slice
found by bisection, and fuzzy distances are computed by rapidfuzz in C. The matches are
the same words Whoosh finds (plain Levenshtein distance after the required prefix),
except that a term becomes at most :data:`MAX_EXPANSIONS` words: the closest first, then
those in most documents. The query classes below hand those words to Whoosh, which
scores them exactly as it scores its own expansions.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
import struct
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query
from whoosh.reading import IndexReader, SegmentReader

#: Words one fuzzy or wildcard term may become; beyond it the closest, then the most
#: frequent words are kept (a notice says so), so ``to*`` costs what 64 words cost.
MAX_EXPANSIONS = 64
#: Field vocabularies kept (one per segment and field); older segments fall out first.
CACHED_VOCABULARIES = 32
#: Expansions remembered per vocabulary (repeated keystrokes ask for the same ones).
CACHED_EXPANSIONS = 256


@dataclass(frozen=True, slots=True)
class Expansion:
    """The words a term stands for (capped) and how many matched before the cap."""

    words: tuple[str, ...]
    found: int

    @property
    def capped(self) -> bool:
        return self.found > len(self.words)


class Vocabulary:
    """One field's words in one segment, sorted, with the expansions asked of it."""

    def __init__(self, fieldname: str, words: list[str]) -> None:
        self.fieldname = fieldname
        self.words = words
        self._frequencies: dict[str, int] = {}
        self._expansions: OrderedDict[tuple[object, ...], Expansion] = OrderedDict()
        self._lock = threading.Lock()

    def starting_with(self, prefix: str) -> list[str]:
        """The words beginning with ``prefix`` (all words for an empty prefix)."""
        if not prefix:
            return self.words
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff", low)
        return self.words[low:high]

    def frequency(self, reader: IndexReader, word: str) -> int:
        """Documents of the segment holding ``word`` (asked of ``reader`` once)."""
        found = self._frequencies.get(word)
        if found is None:
            found = self._frequencies[word] = int(reader.doc_frequency(self.fieldname, word))
        return found

    def cached(self, key: tuple[object, ...], compute: Callable[[], Expansion]) -> Expansion:
        with self._lock:
            found = self._expansions.get(key)
            if found is not None:
                self._expansions.move_to_end(key)
                return found
        expansion = compute()
        with self._lock:
            self._expansions[key] = expansion
            while len(self._expansions) > CACHED_EXPANSIONS:
                self._expansions.popitem(last=False)
        return expansion


def fuzzy_expansion(
    reader: IndexReader, vocabulary: Vocabulary, text: str, maxdist: int, prefix: int
) -> Expansion:
    """Words within ``maxdist`` edits of ``text`` that share its first ``prefix`` letters."""

    def compute() -> Expansion:
        candidates = vocabulary.starting_with(text[:prefix])
        matches = process.extract(
            text, candidates, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
        )
        if len(matches) > MAX_EXPANSIONS:
            matches.sort(key=lambda m: (m[1], -vocabulary.frequency(reader, m[0]), m[0]))
        else:
            matches.sort(key=lambda m: (m[1], m[0]))
        return _capped([word for word, _, _ in matches], len(matches))

    return vocabulary.cached(("fuzzy", text, maxdist, prefix), compute)


def pattern_expansion(
    reader: IndexReader, vocabulary: Vocabulary, prefix: str, pattern: str | None = None
) -> Expansion:
    """Words starting with ``prefix`` and matching the glob ``pattern`` (``*``, ``?``,
    ``[ab]``) if one is given; the most frequent first when capped."""

    def compute() -> Expansion:
        candidates = vocabulary.starting_with(prefix)
        if pattern is not None:
            matches = re.compile(fnmatch.translate(pattern)).match
            candidates = [word for word in candidates if matches(word)]
        if len(candidates) > MAX_EXPANSIONS:
            candidates = sorted(candidates, key=lambda w: (-vocabulary.frequency(reader, w), w))
        return _capped(candidates, len(candidates))

    return vocabulary.cached(("pattern", prefix, pattern), compute)


def glob_prefix(pattern: str) -> str:
    """The literal start of a glob, before its first ``*``, ``?`` or ``[``."""
    return re.split(r"[*?\[]", pattern, maxsplit=1)[0]


def _capped(words: list[str], found: int) -> Expansion:
    return Expansion(tuple(words[:MAX_EXPANSIONS]), found)


# -- vocabularies per segment -----------------------------------------------------------

_vocabularies: OrderedDict[tuple[str, str], Vocabulary] = OrderedDict()
_vocabularies_lock = threading.Lock()


def segment_vocabulary(reader: SegmentReader, fieldname: str) -> Vocabulary:
    """The sorted words of ``fieldname`` in the reader's segment, read once per segment."""
    key = (reader.segment().segment_id(), fieldname)
    with _vocabularies_lock:
        found = _vocabularies.get(key)
        if found is not None:
            _vocabularies.move_to_end(key)
            return found
    from_bytes = reader.schema[fieldname].from_bytes
    raw = _read_lexicon(reader, fieldname)
    words = [from_bytes(btext) for btext in (reader.lexicon(fieldname) if raw is None else raw)]
    vocabulary = Vocabulary(fieldname, words)
    with _vocabularies_lock:
        _vocabularies[key] = vocabulary
        while len(_vocabularies) > CACHED_VOCABULARIES:
            _vocabularies.popitem(last=False)
    return vocabulary


_RECORD = struct.Struct("!ii")  # key length, value length: whoosh.filedb.filetables
_FIELD_NUMBER = struct.Struct("!H")


def _read_lexicon(reader: SegmentReader, fieldname: str) -> list[bytes] | None:
    """The field's terms read from the segment's term file in one slice.

    ``reader.lexicon`` costs a few microseconds a word in generators and seeks (a fifth
    of a second for a body field of 40,000 words); this reads the same records of
    Whoosh 2.7's ordered term table directly. None when the layout is not that one.
    """
    try:
        terms = reader._terms
        table = terms._tindex
        if fieldname not in terms._fieldmap:
            return []  # no document of this segment has words in the field
        number = terms._fieldmap[fieldname]
        start = table.closest_key_pos(_FIELD_NUMBER.pack(number))
        if start is None:
            return []
        end = table.closest_key_pos(_FIELD_NUMBER.pack(number + 1)) if number < 65534 else None
        data = table.dbfile.get(start, (table.endofdata if end is None else end) - start)
    except (AttributeError, KeyError, TypeError):
        return None
    words: list[bytes] = []
    unpack = _RECORD.unpack_from
    position, size = 0, len(data)
    while position < size:
        key_length, value_length = unpack(data, position)
        key_start = position + _RECORD.size
        words.append(data[key_start + _FIELD_NUMBER.size : key_start + key_length])
        position = key_start + key_length + value_length
    return words


def expand(
    reader: IndexReader,
    fieldname: str,
    expansion: Callable[[IndexReader, Vocabulary], Expansion],
) -> Expansion:
    """``expansion`` over every segment of ``reader``, merged (each segment capped)."""
    if fieldname not in reader.schema or not reader.schema[fieldname].scorable:
        return Expansion((), 0)
    if isinstance(reader, SegmentReader):
        return expansion(reader, segment_vocabulary(reader, fieldname))
    leaves = [leaf for leaf, _offset in reader.leaf_readers()]
    parts = [expand(leaf, fieldname, expansion) for leaf in leaves if leaf is not reader]
    words = tuple(dict.fromkeys(word for part in parts for word in part.words))
    return Expansion(words[:MAX_EXPANSIONS], max((part.found for part in parts), default=0))


# -- query classes Whoosh runs ----------------------------------------------------------


class CappedFuzzyTerm(query.FuzzyTerm):
    """A :class:`whoosh.query.FuzzyTerm` whose words come from :func:`fuzzy_expansion`."""

    def expansion(self, reader: IndexReader) -> Expansion:
        return expand(
            reader,
            self.fieldname,
            lambda r, v: fuzzy_expansion(r, v, self.text, int(self.maxdist), self.prefixlength),
        )

    def _btexts(self, ixreader: IndexReader) -> Iterable[str]:
        return self.expansion(ixreader).words


class CappedPrefix(query.Prefix):
    """A :class:`whoosh.query.Prefix` (``secur*``) expanded by :func:`pattern_expansion`."""

    def expansion(self, reader: IndexReader) -> Expansion:
        return expand(reader, self.fieldname, lambda r, v: pattern_expansion(r, v, self.text))

    def _btexts(self, ixreader: IndexReader) -> Iterable[str]:
        return self.expansion(ixreader).words


class CappedWildcard(query.Wildcard):
    """A :class:`whoosh.query.Wildcard` (``wom?n``) expanded by :func:`pattern_expansion`."""

    def expansion(self, reader: IndexReader) -> Expansion:
        prefix = glob_prefix(self.text)
        return expand(
            reader, self.fieldname, lambda r, v: pattern_expansion(r, v, prefix, self.text)
        )

    def normalize(self) -> query.Query:
        """Whoosh turns ``secur*`` into a Prefix; keep it capped."""
        normal = super().normalize()
        if type(normal) is query.Prefix:
            return CappedPrefix(normal.fieldname, normal.text, boost=normal.boost)
        return normal

    def _btexts(self, ixreader: IndexReader) -> Iterable[str]:
        return self.expansion(ixreader).words


CappedTerm = CappedFuzzyTerm | CappedPrefix | CappedWildcard


def capped_terms(q: query.Query) -> list[CappedTerm]:
    """The fuzzy and wildcard terms of ``q`` (outside NOT too: they still cost)."""
    if isinstance(q, CappedFuzzyTerm | CappedPrefix | CappedWildcard):
        return [q]
    found: list[CappedTerm] = []
    for child in q.children():
        found += capped_terms(child)
    return found


def expansion_notices(q: query.Query, reader: IndexReader) -> list[str]:
    """A notice for each fuzzy or wildcard term that matched more words than it kept."""
    notices = []
    for term in capped_terms(q):
        expansion = term.expansion(reader)
        if expansion.capped:
            shown = (
                f"{term.text}~{term.maxdist}"
                if isinstance(term, CappedFuzzyTerm)
                else (f"{term.text}*" if isinstance(term, CappedPrefix) else term.text)
            )
            kept = "closest" if isinstance(term, CappedFuzzyTerm) else "most frequent"
            notices.append(
                f"“{shown}” matches {expansion.found} words; searched for the "
                f"{len(expansion.words)} {kept}"
            )
    return notices
