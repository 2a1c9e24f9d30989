"""Opening a library for a caller that keeps it (the window's reader thread, each job)."""

from __future__ import annotations

from pathlib import Path

from briefing_reader.core.library import Library


def open_library(folder: Path) -> Library:
    """The library in ``folder`` (created when missing); the caller closes it."""
    return Library.open(folder)
