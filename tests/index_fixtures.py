"""Indexes of the app's schema built segment by segment, for tests of what spans segments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from whoosh import index

from briefing_reader.core.search.schema import build_schema


def segmented_index(
    folder: Path, parts: Sequence[Sequence[dict[str, object]]], deleted: Iterable[int] = ()
) -> index.Index:
    """One segment per part (no merging), then the documents with ``deleted`` ids removed
    (their segments keep them, marked deleted)."""
    ix = index.create_in(str(folder), build_schema())
    for part in parts:
        writer = ix.writer()
        for doc in part:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = ix.writer()
    for number in deleted:
        writer.delete_by_term("id", number)
    writer.commit(merge=False)
    return ix
