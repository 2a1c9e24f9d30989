"""Plain data the core speaks in: documents, dates, mentions, entities, claims, annotations.

These types carry no storage or analysis code, so every layer above (analysis,
anchoring, the stores, search, the library, the app) can share them without
importing one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing_reader.core.partial_date import PartialDate as PartialDate  # re-exported


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


#: Characters of prefix/suffix stored with each selector.
CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class TextSelector:
    """What an annotation highlighted: quote, surroundings and old offsets.

    ``start``/``end`` are ``str`` indices into the text the selector was made from;
    ``-1`` means the position is unknown (a selector read without a position part).
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def from_span(
        cls, text: str, start: int, end: int, context: int = CONTEXT_CHARS
    ) -> TextSelector:
        """Build the selector for ``text[start:end]`` with ``context`` characters around it."""
        if not 0 <= start < end <= len(text):
            raise ValueError(f"bad span {start}:{end} for a text of {len(text)} characters")
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - context) : start],
            suffix=text[end : end + context],
            start=start,
            end=end,
        )

    def to_w3c(self) -> list[dict[str, Any]]:
        """The W3C Web Annotation selectors: a quote selector and a position selector."""
        return [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            },
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]

    @classmethod
    def from_w3c(cls, selectors: Iterable[dict[str, Any]]) -> TextSelector:
        """Read the selectors written by :meth:`to_w3c` (or any W3C producer).

        The quote selector is required; a missing position selector gives ``-1`` offsets.
        """
        by_type = {s.get("type"): s for s in selectors}
        quote = by_type.get("TextQuoteSelector")
        if quote is None or not quote.get("exact"):
            raise ValueError("no TextQuoteSelector with an exact quote")
        position = by_type.get("TextPositionSelector") or {}
        return cls(
            exact=str(quote["exact"]),
            prefix=str(quote.get("prefix", "")),
            suffix=str(quote.get("suffix", "")),
            start=int(position.get("start", -1)),
            end=int(position.get("end", -1)),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: offsets into the document text, label, canonical name."""

    start: int
    end: int
    text: str
    label: str
    canonical: str

    def to_json(self) -> dict[str, object]:
        return mention_json(self)


def mention_json(mention: Mention | ResolvedMention) -> dict[str, object]:
    """The ``analyze``/``show`` JSON shape of one mention."""
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "canonical": mention.canonical,
    }


EntityKey = tuple[str, str]  # (label, canonical name)


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention after corrections: ``label``/``canonical`` are what the user sees."""

    start: int
    end: int
    text: str
    label: str
    canonical: str
    hidden: bool = False

    def to_json(self) -> dict[str, object]:
        return mention_json(self)


@dataclass(slots=True)
class Entity:
    """One entity across the library."""

    label: str
    canonical: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    documents: set[int] = field(default_factory=set)
    hidden: bool = False
    #: Names the library joined to this entity: (label, name as analysed, why, documents).
    joined: list[tuple[str, str, str, int]] = field(default_factory=list)
    #: For a name left as written: the entities it could stand for, per reading.
    ambiguous: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.label}:{self.canonical}"

    def to_json(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "canonical": self.canonical,
            "label": self.label,
            "aliases": sorted(self.aliases - {self.canonical}),
            "mentions": self.mentions,
            "documents": sorted(self.documents),
            "hidden": self.hidden,
            "joined": [
                {"label": label, "name": name, "reason": reason, "documents": count}
                for label, name, reason, count in self.joined
            ],
            "ambiguous": [list(candidates) for candidates in self.ambiguous],
        }


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    kind: str
    label: str
    canonical: str
    value: str | None
    created_at: str

    def describe(self) -> str:
        target = {
            "rename": "→",
            "merge": "merged into",
            "relabel": "relabelled",
            "hide": "hidden",
            "separate": "kept apart from",
        }
        return f"{self.kind}: {self.label}:{self.canonical} {target[self.kind]} {self.value or ''}".strip()


@dataclass(slots=True)
class StoredClaim:
    """A claim as users see it: the speaker after renames and merges."""

    document_id: int
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_label: str | None
    attributed: bool
    hedges: list[str] = field(default_factory=list)
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    key: bool = False
    inferred: str = ""  # how the speaker was inferred (see ``Claim.inferred``)
    named_in: str | None = None  # the sentence that names an inferred speaker
    corrected: bool = False  # the user set the speaker or the kind
    hidden: bool = False

    def to_json(self, with_features: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "document": self.document_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "attributed": self.attributed,
            "hedges": self.hedges,
            "score": round(self.score, 4),
            "key": self.key,
            "inferred": self.inferred or None,
            "named_in": self.named_in,
            "corrected": self.corrected,
            "hidden": self.hidden,
        }
        if with_features:
            data["features"] = self.features
        return data


def key_claims_chosen(claims: Iterable[StoredClaim]) -> bool:
    """False for a document whose analysis (an earlier version's, from before key claims
    were chosen) marked none: then every claim stands in for them. ``claims``: all of the
    document's, hidden ones included."""
    return any(c.key for c in claims)


def key_claims(claims: Sequence[StoredClaim]) -> list[StoredClaim]:
    """What a document shows as its key claims, in the order given: the analysis's key
    claims the reader did not hide, or every claim not hidden when the analysis (an earlier
    version's) chose none. ``claims``: all of the document's, hidden ones included."""
    chosen = key_claims_chosen(claims)
    return [c for c in claims if not c.hidden and (c.key or not chosen)]


def no_speaker_label(kind: str) -> str:
    """How a claim without a speaker is shown: quoted or reported speech has a source the
    text leaves unnamed ("officials said"); other claims simply have no known speaker."""
    return "unnamed source" if kind in ("quote", "reported") else "speaker unknown"


@dataclass(slots=True)
class Annotation:
    """A highlight; ``start``/``end`` are None while it is orphaned."""

    id: int
    uid: str
    document_id: int
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    content_hash: str
    color: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    orphaned: bool = False
    anchor_method: str | None = None
    anchor_confidence: float | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def selector(self) -> TextSelector:
        start = self.start if self.start is not None else -1
        end = self.end if self.end is not None else -1
        return TextSelector(self.exact, self.prefix, self.suffix, start, end)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uid": self.uid,
            "document": self.document_id,
            "start": self.start,
            "end": self.end,
            "quote": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "color": self.color,
            "note": self.note,
            "tags": self.tags,
            "orphaned": self.orphaned,
            "anchor": self.anchor_method,
            "created": self.created_at,
            "updated": self.updated_at,
        }

    def snapshot(self) -> dict[str, object]:
        """Everything needed to put this annotation back exactly (undo/redo)."""
        data = self.to_json()
        data["content_hash"] = self.content_hash
        data["confidence"] = self.anchor_confidence
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
