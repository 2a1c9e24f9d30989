"""Annotation commands of the CLI: annotate, note, annotations, unannotate, undo, redo,
export, palette."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from briefing_reader.app.changes import OpChanges as AnnotationChange
from briefing_reader.cli_output import (
    EXIT_OK,
    EXIT_PARTIAL,
    emit_json,
    is_quiet,
    notice,
    problem,
    say,
    wants_json,
)
from briefing_reader.cli_progress import CommandProgress
from briefing_reader.core.annotation_store import AnnotationError
from briefing_reader.core.library import Library
from briefing_reader.core.model import Annotation

Command = Callable[[Library, argparse.Namespace], int]


def _describe(a: Annotation, meanings: dict[str, str]) -> str:
    where = "orphaned" if a.orphaned else f"{a.start}–{a.end}"
    colour = f"{a.color} ({meanings[a.color]})" if a.color in meanings else a.color
    quote = a.exact if len(a.exact) <= 90 else a.exact[:87] + "…"
    lines = [f"{a.id:>4}  doc {a.document_id} · {where} · {colour}  “{quote}”"]
    if a.tags:
        lines.append("      " + " ".join(f"#{t}" for t in a.tags))
    if a.note:
        lines += [f"      {line}" for line in a.note.splitlines()]
    return "\n".join(lines)


def cmd_annotate(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.annotations import annotate

    change = annotate(
        library,
        args.id,
        quote=args.quote,
        occurrence=args.occurrence,
        color=args.color,
        note=args.note or "",
        tags=args.tag or [],
    )
    assert change.annotation is not None
    return _changed(args, change, f"({change.annotation.uid}) added")


def cmd_note(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.annotations import edit_annotation

    if args.note is None and args.tag is None and args.color is None:
        raise AnnotationError("give --note, --tag or --color to change")
    change = edit_annotation(
        library, args.annotation, color=args.color, note=args.note, tags=args.tag
    )
    return _changed(args, change, "updated")


def _changed(args: argparse.Namespace, change: AnnotationChange, done: str) -> int:
    """What a change of one annotation did: its notes, then the annotation as JSON or a
    line saying what was ``done``."""
    annotation = change.annotation
    assert annotation is not None
    for text in change.notices:
        notice(args, text)
    if wants_json(args):
        emit_json(annotation.to_json())
    say(args, f"annotation {annotation.id} {done}")
    return EXIT_OK


def cmd_annotations(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.annotations import list_annotations

    orphaned = True if args.orphaned else None
    found = list_annotations(library, args.id, args.tag, args.color, orphaned)
    if wants_json(args):
        emit_json({"annotations": [a.to_json() for a in found]})
        return EXIT_OK
    if not found:
        print("No annotations." if not (args.id or args.tag or args.color) else "None match.")
        return EXIT_OK
    meanings = dict(library.annotations.palette())
    for annotation in found:
        print(_describe(annotation, meanings))
    return EXIT_OK


def cmd_unannotate(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.annotations import delete_annotation

    before = library.annotations.get(args.annotation)
    change = delete_annotation(library, before.id)
    for text in change.notices:
        notice(args, text)
    if wants_json(args):
        emit_json({"deleted": before.to_json()})
    say(args, f"annotation {args.annotation} deleted (undo with 'briefing-reader undo')")
    return EXIT_OK


def cmd_undo(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.annotations import redo, undo

    change = redo(library) if args.redo else undo(library)
    for text in change.notices:
        notice(args, text)
    if wants_json(args):
        emit_json(
            {
                "action": "redo" if args.redo else "undo",
                "change": change.label,
                "documents": change.annotations,
                "annotation": change.annotation.to_json() if change.annotation else None,
            }
        )
    say(args, f"{change.label}: {'redone' if args.redo else 'undone'}")
    return EXIT_OK


def cmd_palette(library: Library, args: argparse.Namespace) -> int:
    if args.rename:
        colour, meaning = args.rename
        library.annotations.set_meaning(library.annotations.check_colour(colour), meaning)
    palette = library.annotations.palette()
    if wants_json(args):
        emit_json({"palette": [{"color": c, "meaning": m} for c, m in palette]})
    else:
        for colour, meaning in palette:
            print(f"{colour:<8} {meaning}")
    return EXIT_OK


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.exporting import export_notes, preview

    ids = args.ids or None
    if args.preview:
        markdown = preview(library, ids, args.tag, args.combined)
        if wants_json(args):
            emit_json({"markdown": markdown})
        else:
            sys.stdout.write(markdown)
        return EXIT_OK
    if args.out is None:
        raise AnnotationError("say where to write: --out FOLDER (one file per document) or FILE.md")
    with CommandProgress("writing", quiet=is_quiet(args)) as progress:
        result = export_notes(
            library,
            args.out,
            doc_ids=ids,
            tag=args.tag,
            combined=args.combined,
            force=args.force,
            progress=progress,
        )
    if wants_json(args):
        emit_json(
            {
                "written": [str(p) for p in result.written],
                "kept_notes": result.kept_notes,
                "failed": [{"path": f.path, "reason": f.reason} for f in result.failed],
                "seconds": round(progress.seconds, 2),
            }
        )
    else:
        for path in result.written:
            print(path)
        for failure in result.failed:
            problem("not written", f"{failure.path}: {failure.reason}")
        if not is_quiet(args):
            print(f"{result.summary()} {progress.took()}", file=sys.stderr)
    return EXIT_PARTIAL if result.failed else EXIT_OK


def cmd_export_annotations(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.interchange import export_w3c

    count = export_w3c(library, args.file, args.ids or None)
    if wants_json(args):
        emit_json({"file": str(args.file), "annotations": count})
    say(args, f"{count} annotation(s) written to {args.file}")
    return EXIT_OK


def cmd_import_annotations(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.interchange import import_w3c

    if not args.file.is_file():
        raise AnnotationError(f"no such file: {args.file}")
    result = import_w3c(library, args.file)
    if wants_json(args):
        emit_json(
            {
                "imported": result.imported,
                "orphaned": result.orphaned,
                "skipped": result.skipped,
                "failed": result.failed,
            }
        )
    else:
        for reason in result.failed:
            problem("failed", reason)
    say(args, result.summary())
    return EXIT_PARTIAL if result.failed else EXIT_OK


def register(add: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """Add the annotation commands to the main parser."""
    p = add("annotate", cmd_annotate, "highlight a passage of a document, with a note and tags")
    p.add_argument("id", type=int, help="document id")
    p.add_argument("--quote", required=True, help="the exact text to highlight")
    p.add_argument("--occurrence", type=int, help="which occurrence, when the quote repeats")
    p.add_argument("--color", default="yellow", help="palette colour or its meaning (yellow)")
    p.add_argument("--note", help="a note in Markdown")
    p.add_argument("--tag", action="append", help="a tag (repeat for several)")

    p = add("note", cmd_note, "change an annotation's note, tags or colour")
    p.add_argument("annotation", help="annotation number or uid")
    p.add_argument("--note", help="the new note (Markdown); '' clears it")
    p.add_argument("--tag", action="append", help="the new tags (repeat); replaces the old ones")
    p.add_argument("--color", help="palette colour or its meaning")

    p = add("annotations", cmd_annotations, "list annotations (all, or one document's)")
    p.add_argument("id", type=int, nargs="?", help="only this document")
    p.add_argument("--tag", help="only annotations with this tag")
    p.add_argument("--color", help="only this colour (or meaning)")
    p.add_argument("--orphaned", action="store_true", help="only those that lost their passage")

    p = add("unannotate", cmd_unannotate, "delete an annotation")
    p.add_argument("annotation", help="annotation number or uid")

    p = add("undo", cmd_undo, "undo the last annotation change")
    p.set_defaults(redo=False)
    p = add("redo", cmd_undo, "redo the last undone annotation change")
    p.set_defaults(redo=True)

    p = add("export", cmd_export, "export notes, highlights and key claims to Markdown")
    p.add_argument("ids", type=int, nargs="*", metavar="ID", help="documents (default: all)")
    p.add_argument("--tag", help="only documents and highlights with this tag")
    p.add_argument("--out", type=Path, help="a folder (one file per document) or a .md file")
    p.add_argument("--combined", action="store_true", help="one file for all documents")
    p.add_argument("--force", action="store_true", help="overwrite files the export did not make")
    p.add_argument("--preview", action="store_true", help="print the Markdown instead of writing")

    p = add("export-annotations", cmd_export_annotations, "write annotations as W3C JSON")
    p.add_argument("file", type=Path, help="the .json file to write")
    p.add_argument("ids", type=int, nargs="*", metavar="ID", help="documents (default: all)")

    p = add("import-annotations", cmd_import_annotations, "read annotations from W3C JSON")
    p.add_argument("file", type=Path, help="a W3C Web Annotation .json file")

    p = add("palette", cmd_palette, "list highlight colours and what they mean")
    p.add_argument("--rename", nargs=2, metavar=("COLOR", "MEANING"), help="rename a meaning")
