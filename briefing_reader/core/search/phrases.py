"""Which candidate documents hold a phrase's words side by side.

The scorer finds the documents holding every word of a phrase from posting arrays;
only those are checked here, each word's positions read from its postings once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.reading import IndexReader

from briefing_reader.core.search.matching import _raw_postings
from briefing_reader.core.search.postings import IntArray, leaves


def phrase_documents(
    reader: IndexReader, fieldname: str, words: Sequence[bytes], candidates: IntArray
) -> IntArray:
    """The ``candidates`` (ascending document numbers holding every word) in which
    the words follow one another: word *i* at position *p + i* for some *p*."""
    found: list[int] = []
    for leaf, offset in leaves(reader):
        end = offset + leaf.doc_count_all()
        local = candidates[(candidates >= offset) & (candidates < end)] - offset
        if not len(local):
            continue
        matchers = [_raw_postings(leaf, fieldname, word) for word in words]
        for docnum in local.tolist():
            starts: set[int] | None = None
            for shift, postings in enumerate(matchers):
                if postings.is_active() and postings.id() < docnum:
                    postings.skip_to(docnum)
                if not postings.is_active() or postings.id() != docnum:
                    starts = set()
                    break
                here = postings.value_as("positions")
                if starts is None:
                    starts = set(here)
                else:
                    starts &= {p - shift for p in here}
                if not starts:
                    break
            if starts:
                found.append(docnum + offset)
    return np.asarray(found, dtype=np.int64)
