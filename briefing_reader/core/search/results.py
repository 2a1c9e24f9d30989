"""What a search or a listing returns, as plain data: hits, snippets, facets, notices.

Kept apart from the code that runs searches so that a caller can list the library
(the window's first listing, read from the database) without loading Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from briefing_reader.core.textnorm import shorten

if TYPE_CHECKING:
    from briefing_reader.core.model import Annotation

ELLIPSIS = "…"
SEPARATOR = f" {ELLIPSIS} "
#: Characters a lead snippet shows at most.
LEAD_LENGTH = 200
#: A lead snippet is cut from at most this many characters per character shown (the
#: text is normalised, so whitespace runs are short; a long document is never split whole).
LEAD_SCAN = 8


@dataclass(slots=True)
class Snippet:
    """``text`` with ``highlights`` as (start, end) offsets into it."""

    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlight wrapped, for terminals and logs."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}


def lead_snippet(text: str, limit: int = LEAD_LENGTH) -> Snippet:
    """The opening of a document, for results with no body match."""
    return Snippet(shorten(text[: limit * LEAD_SCAN].replace("\n", " "), limit))


@dataclass(slots=True)
class SearchHit:
    id: int
    title: str
    source: str | None
    published: str | None
    score: float
    snippet: Snippet
    #: The user's annotations in this document that the query's words or tags match.
    annotations: list[Annotation] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(span) for span in self.snippet.highlights],
        }
        if self.annotations:
            data["annotations"] = [
                {"id": a.id, "uid": a.uid, "quote": a.exact, "note": a.note, "tags": a.tags}
                for a in self.annotations
            ]
        return data


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit]
    page: int
    page_size: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "results": [hit.to_json() for hit in self.hits],
            "facets": {
                name: [{"value": value, "count": count} for value, count in counts]
                for name, counts in self.facets.items()
            },
            "suggestion": self.suggestion,
            "notices": self.notices,
        }


def copy_results(results: SearchResults) -> SearchResults:
    """A copy whose lists the caller may change (the cache keeps its own)."""
    return replace(
        results,
        hits=[replace(hit, annotations=list(hit.annotations)) for hit in results.hits],
        facets={name: list(values) for name, values in results.facets.items()},
        notices=list(results.notices),
    )
