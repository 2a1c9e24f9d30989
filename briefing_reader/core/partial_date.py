"""A publication date that may lack its year, month or day.

Kept apart from :mod:`briefing_reader.core.model` (which re-exports it) because the
window's first listing shows dates and loads none of the other data types.
"""

from __future__ import annotations

from dataclasses import dataclass


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
                return cls(None, int(bits[0]), int(bits[1]) if len(bits) > 1 else None)
            bits = value.split("-")
            month = int(bits[1]) if len(bits) > 1 else None
            day = int(bits[2]) if len(bits) > 2 else None
            return cls(int(bits[0]), month, day)
        except (ValueError, IndexError):
            return None
