"""The long commands of the CLI: import, reanalyze, and analyze (one file, no library)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from briefing_reader.cli_output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    emit_json,
    is_quiet,
    problem,
    say,
    wants_json,
)
from briefing_reader.cli_progress import CommandProgress
from briefing_reader.core.library import Library

Command = Callable[[Library, argparse.Namespace], int]
Standalone = Callable[[argparse.Namespace], int]


def _progress(args: argparse.Namespace, default_phase: str) -> CommandProgress:
    """The progress display on stderr, off with ``--quiet`` (``--json`` keeps stdout clean)."""
    return CommandProgress(default_phase, quiet=is_quiet(args))


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.importing import DEFAULT_MAX_BYTES, READING, import_paths

    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else DEFAULT_MAX_BYTES
    with _progress(args, READING) as progress:
        result = import_paths(
            library,
            [Path(p) for p in args.paths],
            progress=progress,
            max_bytes=max_bytes,
            analyse=not args.no_analysis,
            follow_links=args.follow_links,
            time_limit=args.time_limit,
        )
    if wants_json(args):
        emit_json(
            {
                "imported": result.imported,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "failed": [{"file": f.path, "reason": f.reason} for f in result.failed],
                "analysis_failed": [
                    {"id": doc_id, "reason": reason}
                    for doc_id, reason in result.analysis_failed.items()
                ],
                "skipped": result.skipped,
                "warnings": result.warnings,
                "interrupted": result.interrupted,
                "not_imported": result.not_imported,
                "seconds": round(progress.seconds, 2),
            }
        )
    else:
        for failure in result.failed:
            problem("failed", f"{failure.path}: {failure.reason}")
        for doc_id, reason in result.analysis_failed.items():
            title = library.store.get(doc_id).title
            problem("not analysed", f"document {doc_id} ({title}): {reason}")
        for warning in result.warnings:
            problem("warning", warning)
        for path in result.not_imported:
            problem("not imported", path)
        say(args, f"{result.summary()} {progress.took()}")
    if result.interrupted:
        return EXIT_INTERRUPTED
    if result.failed:
        return EXIT_PARTIAL
    return EXIT_OK


def cmd_reanalyze(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.analysing import ANALYSING, reanalyse

    with _progress(args, ANALYSING) as progress:
        result = reanalyse(
            library,
            args.ids or None,
            outdated_only=args.outdated,
            progress=progress,
            failed_only=args.failed,
        )
    if wants_json(args):
        emit_json(
            {
                "analysed": result.analysed,
                "failed": [{"id": i, "reason": reason} for i, reason in result.failed.items()],
                "warnings": result.warnings,
                "seconds": round(progress.seconds, 2),
            }
        )
        return EXIT_OK
    for warning in result.warnings:
        problem("warning", warning)
    for doc_id, reason in result.failed.items():
        problem("failed", f"document {doc_id}: {reason}")
    say(args, f"analysed {len(result.analysed)} document(s) {progress.took()}")
    if result.failed:
        say(args, f"{len(result.failed)} document(s) failed analysis (see list --failed)")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse a file on its own: no library is opened or changed."""
    from briefing_reader.app.importing import analyse_file

    emit_json(analyse_file(args.file))
    return EXIT_OK


def register(add: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = add("import", cmd_import, "import files and folders (.txt .md .html .pdf .docx)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to import")
    p.add_argument(
        "--max-mb", type=float, default=None, metavar="MB", help="largest file to accept (20)"
    )
    p.add_argument(
        "--no-analysis",
        action="store_true",
        help="skip entity and claim analysis (faster; run 'reanalyze --outdated' later)",
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="in folders, also follow symbolic links that point outside the folder",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        metavar="SECONDS",
        help="longest time to read one file (10) or analyse one document (60)",
    )


def register_analysis(
    add: Callable[[str, Command, str], argparse.ArgumentParser],
    standalone: Callable[[str, Standalone, str], argparse.ArgumentParser],
) -> None:
    p = add("reanalyze", cmd_reanalyze, "re-run entity and claim analysis, keeping corrections")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="documents (default: all)")
    p.add_argument(
        "--outdated",
        action="store_true",
        help="only documents analysed by an older version (not those that failed)",
    )
    p.add_argument("--failed", action="store_true", help="retry documents whose analysis failed")

    p = standalone("analyze", cmd_analyze, "analyse one file without importing it (JSON)")
    p.add_argument("file", type=Path, help="the file to analyse; the output is always JSON")
