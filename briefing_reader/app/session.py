"""Opening a library for a caller that keeps it (the window's reader thread, each job)."""

from __future__ import annotations

from pathlib import Path

from briefing_reader.core.library import Library
from briefing_reader.core.store import Store


def open_library(folder: Path, database: Store | None = None) -> Library:
    """The library in ``folder`` (created when missing); the caller closes it.

    ``database`` is the folder's database already opened (the window's first listing
    reads it before the search code has loaded); the library takes it over.
    """
    if database is None:
        return Library.open(folder)
    return Library(folder.expanduser(), database)
