"""What an operation changed: one shape for every app operation that writes.

The window applies a change to the views that show it (a new highlight repaints
its marks; a renamed document re-runs the search once) instead of refreshing
everything, and the CLI prints the notices. Documents are named by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing_reader.core.model import Annotation


@dataclass(slots=True)
class OpChanges:
    """Ids of what changed, by kind, plus anything the user should be told."""

    label: str = ""
    #: Documents whose text, title, metadata or analysis changed (listing and reading).
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    #: Documents whose highlights, notes or tags changed.
    annotations: list[int] = field(default_factory=list)
    #: Entity names or labels changed across the library (panels, facets, claims' speakers).
    entities: bool = False
    #: Library settings that changed, such as "palette" (what each highlight colour means).
    settings: list[str] = field(default_factory=list)
    #: Documents changed but not yet re-indexed: the caller indexes them when it can
    #: (:func:`app.documents.index_pending`); until then searches miss the change.
    unindexed: list[int] = field(default_factory=list)
    #: Documents whose searchable content changed in the index (searches may answer anew).
    searchable: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: The annotation as the operation left it (None once deleted, or for other kinds).
    annotation: Annotation | None = None

    @property
    def documents(self) -> list[int]:
        """Every document touched in any way."""
        return sorted(set(self.updated) | set(self.removed) | set(self.annotations))

    @property
    def empty(self) -> bool:
        return not (
            self.updated or self.removed or self.annotations or self.entities or self.settings
        )
