"""The body's posting format: Whoosh's ``Characters``, with its words found in one pass.

Indexing the body was most of an import without analysis, and most of that was Whoosh's
analyser chain: a token object carried through four generators (tokeniser, lower case,
stop words, stemmer) for every word of every document. For the stemming analyser of the
schema, :class:`StemmedCharacters` finds the same terms in one loop (the same pattern,
stop list, minimum length, renumbered positions and Porter stems) and encodes them as
``Characters`` does, so the index's bytes are the same; any other analyser, or a value
given as a list, goes through Whoosh's own path. Queries still use the analyser itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import analysis, formats
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

#: The analyser whose work :class:`StemmedCharacters` does itself.
STEMMING = analysis.StemmingAnalyzer()
_STOP_WORDS = frozenset(analysis.STOP_WORDS)
_MIN_LENGTH = 2
#: Stems remembered (a library's distinct words); emptied when full.
_STEM_CACHE_SIZE = 200_000
_stems: dict[str, str] = {}

#: (term, position, start, end) of one word kept by the analyser.
Occurrence = tuple[str, int, int, int]


def stemmed_terms(text: str) -> list[Occurrence]:
    """The terms ``STEMMING`` gives ``text`` with positions and character offsets.

    Stop words and one-letter words are dropped, and the words after the first kept one
    are numbered on from it (Whoosh's ``StopFilter(renumber=True)``).
    """
    stems, stops = _stems, _STOP_WORDS
    position: int | None = None
    found: list[Occurrence] = []
    for index, match in enumerate(default_pattern.finditer(text)):
        word = match.group(0).lower()
        if len(word) < _MIN_LENGTH or word in stops:
            continue
        position = index if position is None else position + 1
        term = stems.get(word)
        if term is None:
            if len(stems) >= _STEM_CACHE_SIZE:
                stems.clear()
            term = stems[word] = stem(word)
        found.append((term, position, match.start(), match.end()))
    return found


class StemmedCharacters(formats.Characters):  # type: ignore[misc]
    """``Characters`` postings, built in one pass when the analyser is :data:`STEMMING`'s
    equal (checked once per analyser object)."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if not (isinstance(value, str) and set(kwargs) <= {"mode"} and self._same(analyzer)):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: dict[str, list[tuple[int, int, int]]] = {}
        for term, position, start, end in stemmed_terms(value):
            occurrences = seen.get(term)
            if occurrences is None:
                seen[term] = [(position, start, end)]
            else:
                occurrences.append((position, start, end))
        boost, encode = self.field_boost, self.encode
        for term, occurrences in seen.items():
            count = len(occurrences)
            yield term, count, float(count) * boost, encode(occurrences)

    def _same(self, analyzer: Any) -> bool:
        checked = self.__dict__.get("_checked")
        if checked is None or checked[0] is not analyzer:
            checked = self.__dict__["_checked"] = (analyzer, analyzer == STEMMING)
        return bool(checked[1])

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_checked", None)  # an analyser object is not part of the index's schema
        return state
