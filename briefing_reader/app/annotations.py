"""Annotation operations: highlight, note, tag, delete, and undo/redo of every change.

The history lives in the library (``annotation_history``), so the CLI and the window
share it and it survives a restart. Each operation re-indexes the document, so notes
and tags are searchable at once (``note:``, ``tag:``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefing_reader.app.changes import OpChanges
from briefing_reader.core.annotation_store import AnnotationError, clean_tags
from briefing_reader.core.library import Library
from briefing_reader.core.model import Annotation, TextSelector
from briefing_reader.core.search.index import IndexBusyError

#: What an annotation operation did: the annotation now and a label for menus.
AnnotationChange = OpChanges


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def reindex_after(
    library: Library, doc_ids: Sequence[int], change: AnnotationChange, index_now: bool = True
) -> None:
    """Make the change searchable (notes, tags and quotes are indexed), now or, for a
    caller that must not wait, later: the documents stay marked as needing it."""
    change.annotations = sorted(set(doc_ids))
    if not index_now:
        change.unindexed = list(change.annotations)
        return
    try:
        library.index_documents(change.annotations)
        change.searchable = list(change.annotations)
    except IndexBusyError as exc:
        change.notices.append(str(exc))


def find_quote(text: str, quote: str, occurrence: int | None, doc_id: int) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; ``occurrence`` (1-based) picks among repeats."""
    if not quote.strip():
        raise AnnotationError("the quote is empty")
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        raise AnnotationError(f"document {doc_id} does not contain the quote {quote!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise AnnotationError(
                f"the quote {quote!r} occurs {len(starts)} times in document {doc_id}; "
                f"choose one with --occurrence 1–{len(starts)}"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise AnnotationError(
            f"the quote {quote!r} occurs {len(starts)} time(s) in document {doc_id}; "
            f"--occurrence {occurrence} is out of range"
        )
    start = starts[occurrence - 1]
    return start, start + len(quote)


def annotate(
    library: Library,
    doc_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int | None = None,
    color: str = "yellow",
    note: str = "",
    tags: Sequence[str] = (),
    index_now: bool = True,
) -> AnnotationChange:
    """Highlight ``[start, end)`` of a document, or the passage ``quote``."""
    doc = library.store.get(doc_id)
    if quote is not None:
        start, end = find_quote(doc.text, quote, occurrence, doc_id)
    if start is None or end is None:
        raise AnnotationError("say what to highlight: a quote, or a start and an end")
    try:
        selector = TextSelector.from_span(doc.text, start, end)
    except ValueError as exc:
        raise AnnotationError(
            f"cannot highlight {start}–{end} in document {doc_id}: {exc}"
        ) from exc
    colour = library.annotations.check_colour(color)
    with library.store.transaction():
        annotation = library.annotations.add(
            doc_id, selector, doc.content_hash, colour, note, clean_tags(tags), _now()
        )
        library.annotations.record("highlight", [], [annotation.snapshot()], _now())
        library.store.mark_unindexed([doc_id])
    change = AnnotationChange("highlight", annotation=annotation)
    reindex_after(library, [doc_id], change, index_now)
    return change


def edit_annotation(
    library: Library,
    ref: int | str,
    *,
    color: str | None = None,
    note: str | None = None,
    tags: Sequence[str] | None = None,
    merge: bool = False,
    index_now: bool = True,
) -> AnnotationChange:
    """Change the colour, note or tags (whatever is given); the rest stays.

    With ``merge`` (a draft saved while typing) the edit joins the previous undo step
    when that step edited the same annotation, so undo takes back the whole note.
    """
    before = library.annotations.get(ref)
    colour = library.annotations.check_colour(color) if color is not None else None
    cleaned = clean_tags(tags) if tags is not None else None
    label = "note" if note is not None else "tags" if tags is not None else "colour"
    with library.store.transaction():
        after = library.annotations.update(before.id, _now(), colour, note, cleaned)
        library.annotations.record(
            f"edit {label}", [before.snapshot()], [after.snapshot()], _now(), merge=merge
        )
        library.store.mark_unindexed([after.document_id])
    change = AnnotationChange(f"edit {label}", annotation=after)
    reindex_after(library, [after.document_id], change, index_now)
    return change


def delete_annotation(library: Library, ref: int | str, index_now: bool = True) -> AnnotationChange:
    before = library.annotations.get(ref)
    with library.store.transaction():
        library.annotations.delete(before.id)
        library.annotations.record("delete highlight", [before.snapshot()], [], _now())
        library.store.mark_unindexed([before.document_id])
    change = AnnotationChange("delete highlight")
    reindex_after(library, [before.document_id], change, index_now)
    return change


def list_annotations(
    library: Library,
    doc_id: int | None = None,
    tag: str | None = None,
    color: str | None = None,
    orphaned: bool | None = None,
) -> list[Annotation]:
    if doc_id is not None:
        library.store.get(doc_id)  # a clear error for an unknown id
    colour = library.annotations.check_colour(color) if color else None
    return library.annotations.search(doc_id, tag, colour, orphaned)


def _apply(
    library: Library, states: list[dict[str, object]], others: list[dict[str, object]]
) -> list[int]:
    """Make the annotations of an action look like ``states`` (those only in ``others`` go)."""
    keep = {str(s["uid"]) for s in states}
    doc_ids: list[int] = []
    for gone in others:
        if str(gone["uid"]) not in keep:
            library.annotations.remove_by_uid(str(gone["uid"]))
            doc_ids.append(_id(gone["document"]))
    for state in states:
        library.annotations.restore(state)
        doc_ids.append(_id(state["document"]))
    return doc_ids


def _id(value: object) -> int:
    """A document id read back from an undo snapshot."""
    if isinstance(value, int | str):
        return int(value)
    raise AnnotationError(f"the undo history is damaged: {value!r} is no document id")


def undo(library: Library, index_now: bool = True) -> AnnotationChange:
    """Take back the last annotation change."""
    return _step(library, backwards=True, index_now=index_now)


def redo(library: Library, index_now: bool = True) -> AnnotationChange:
    """Do again the change undone last."""
    return _step(library, backwards=False, index_now=index_now)


def _step(library: Library, backwards: bool, index_now: bool) -> AnnotationChange:
    """One step through the history: back to an action's before state, or on to its after."""
    word = "undo" if backwards else "redo"
    action = library.annotations.last_action(undone=not backwards)
    if action is None:
        raise AnnotationError(f"nothing to {word}")
    action_id, label, before, after = action
    target, other = (before, after) if backwards else (after, before)
    with library.store.transaction():
        doc_ids = _apply(library, target, other)
        library.annotations.mark_undone(action_id, backwards)
        library.store.mark_unindexed(doc_ids)
    change = AnnotationChange(f"{word} {label}")
    reindex_after(library, doc_ids, change, index_now)
    return change


def history_labels(library: Library) -> tuple[str | None, str | None]:
    """What Undo and Redo would do now (for menu texts), or None."""
    undo_action = library.annotations.last_action(undone=False)
    redo_action = library.annotations.last_action(undone=True)
    return (undo_action[1] if undo_action else None, redo_action[1] if redo_action else None)


def set_colour_meanings(library: Library, meanings: dict[str, str]) -> AnnotationChange:
    """Say what each highlight colour means ("red" → "contested"); blank meanings stay."""
    with library.store.transaction():
        for colour, meaning in meanings.items():
            if meaning.strip():
                library.annotations.set_meaning(colour, meaning.strip())
    return AnnotationChange("rename colours", settings=["palette"])


@dataclass(frozen=True, slots=True)
class NotesView:
    """What the Notes tab shows for one scope, with the Undo and Redo labels."""

    annotations: list[Annotation]
    palette: list[tuple[str, str]]
    tags: list[str]
    titles: dict[int, str]
    history: tuple[str | None, str | None]


def notes_view(library: Library, scope: str, doc_id: int | None) -> NotesView:
    """The annotations of one document ("document"), of all ("all") or the orphans."""
    if scope == "document":
        found = library.annotations.for_document(doc_id) if doc_id is not None else []
    else:
        found = library.annotations.search(orphaned=True if scope == "orphaned" else None)
    docs = library.store.get_many({a.document_id for a in found})
    return NotesView(
        annotations=found,
        palette=library.annotations.palette(),
        tags=[tag for tag, _count in library.annotations.tags()],
        titles={d.id: d.title for d in docs.values()},
        history=history_labels(library),
    )
