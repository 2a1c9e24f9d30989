"""Exceptions that carry a reason fit to show a user, one line, no traceback."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user."""


class ExtractionError(BriefingError):
    """A file could not be turned into a document (empty, binary, damaged, …)."""


class UnsupportedFormatError(ExtractionError):
    """The file's extension is not one the importer reads."""


class LibraryError(BriefingError):
    """The library folder or its database cannot be used."""


class DocumentNotFoundError(BriefingError):
    """No document has the id the user gave."""
