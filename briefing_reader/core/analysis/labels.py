"""The entity labels the app uses, defined once, with their colours."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    description: str
    light: str  # highlight colour on a light background
    dark: str  # highlight colour on a dark background
    search_field: str  # index field besides ``entity``


LABELS: dict[str, Label] = {
    label.name: label
    for label in (
        Label("PERSON", "People", "#ffd8a8", "#8a4b0f", "person"),
        Label("ORG", "Organisations, ministries, armed forces", "#a5d8ff", "#1c5a8a", "org"),
        Label("GPE", "Countries, cities, states", "#b2f2bb", "#1f6b2c", "place"),
        Label("LOC", "Regions, seas, other places", "#c3fae8", "#0f6b5a", "place"),
        Label("NORP", "Nationalities, groups", "#eebefa", "#6b2a7a", "entity"),
        Label("TITLE", "Titles and roles", "#e9ecef", "#495057", "entity"),
        Label("EQUIPMENT", "Aircraft, ships, weapons, systems", "#ffc9c9", "#8a2020", "entity"),
        Label("LAW", "Agreements, treaties, laws", "#ffec99", "#7a6410", "entity"),
        Label("EVENT", "Named events", "#d0bfff", "#4b3a8a", "entity"),
        Label("DATE", "Dates", "#f1f3f5", "#3b3f44", "entity"),
        Label("MONEY", "Money", "#d3f9d8", "#2b5a31", "entity"),
    )
}

#: spaCy's OntoNotes labels → ours; labels not listed are dropped.
SPACY_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "DATE": "DATE",
    "MONEY": "MONEY",
}

#: Labels whose names are worth facets and cross-document pivots.
NAMED_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EQUIPMENT", "LAW", "EVENT")
