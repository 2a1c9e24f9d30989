"""Plain data the core speaks in: documents and partial dates."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A publication date that may lack its year, month or day.

    Briefing text often says "July 30" with no year; storing a partial date keeps
    what is known without inventing the rest.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """ISO-8601 style: ``2024-12-12``, ``2024-12``, ``2024``, ``--07-30``, ``--07``."""
        if self.year is not None:
            parts = [f"{self.year:04d}"]
            if self.month is not None:
                parts.append(f"{self.month:02d}")
                if self.day is not None:
                    parts.append(f"{self.day:02d}")
            return "-".join(parts)
        if self.month is not None:
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day is not None else "")
        return ""

    @property
    def sort_key(self) -> int | None:
        """``YYYYMMDD`` with zeros for unknown parts; None when the year is unknown."""
        if self.year is None:
            return None
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    @classmethod
    def from_iso(cls, value: str | None) -> PartialDate | None:
        """Inverse of :meth:`iso`; None for empty or unreadable values."""
        if not value:
            return None
        try:
            if value.startswith("--"):
                bits = value[2:].split("-")
                month = int(bits[0])
                day = int(bits[1]) if len(bits) > 1 else None
                return cls(None, month, day)
            bits = value.split("-")
            year = int(bits[0])
            month = int(bits[1]) if len(bits) > 1 else None
            day = int(bits[2]) if len(bits) > 2 else None
            return cls(year, month, day)
        except (ValueError, IndexError):
            return None


@dataclass(slots=True)
class Extracted:
    """What a format reader found in one file, before normalisation and text metadata."""

    text: str
    format: str
    title: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One imported document. Offsets everywhere are ``str`` indices into ``text``."""

    id: int
    content_hash: str
    title: str
    text: str
    source: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    dateline: str | None = None
    file_name: str | None = None
    file_format: str | None = None
    origin_path: str | None = None
    original_copy: str | None = None
    imported_at: str = ""
    updated_at: str = ""
    title_is_user: bool = False

    def summary(self) -> dict[str, object]:
        """The fields ``list`` prints for each document."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.iso() if self.published else None,
            "dateline": self.dateline,
            "file": self.file_name,
        }

    def to_json(self) -> dict[str, object]:
        """Everything ``show --json`` prints."""
        data = self.summary()
        data.update(
            {
                "author": self.author,
                "format": self.file_format,
                "origin_path": self.origin_path,
                "content_hash": self.content_hash,
                "imported_at": self.imported_at,
                "updated_at": self.updated_at,
                "text": self.text,
            }
        )
        return data


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """A document whose analysis failed, and why (``list --failed``)."""

    document_id: int
    title: str
    reason: str
    failed_at: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.document_id,
            "title": self.title,
            "reason": self.reason,
            "failed_at": self.failed_at,
        }
