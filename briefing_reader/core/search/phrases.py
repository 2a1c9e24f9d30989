"""Which candidate documents hold a phrase's words side by side.

The scorer finds the documents holding every word of a phrase from posting arrays;
only those are checked here, from the positions the same posting blocks carried.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.formats import Format

from briefing_reader.core.search.postings import IntArray, Postings


def phrase_documents(
    postings: Postings,
    fieldname: str,
    field_format: Format,
    words: Sequence[bytes],
    candidates: IntArray,
) -> IntArray:
    """The ``candidates`` (ascending document numbers holding every word) in which
    the words follow one another: word *i* at position *p + i* for some *p*."""
    columns = []
    for word in words:
        ids, values = postings.values(fieldname, word)
        at = np.searchsorted(ids, candidates).tolist()
        columns.append([values[i] for i in at])
    decode = field_format.decode_positions
    found = []
    for row, docnum in enumerate(candidates.tolist()):
        starts = set(decode(columns[0][row]))
        for shift in range(1, len(words)):
            starts &= {p - shift for p in decode(columns[shift][row])}
            if not starts:
                break
        if starts:
            found.append(docnum)
    return np.asarray(found, dtype=np.int64)
