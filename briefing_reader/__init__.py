"""Briefing Reader: an offline reader for briefing material."""

__version__ = "0.1.0"
