"""The ``import`` command of the CLI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from briefing_reader.cli import EXIT_OK, EXIT_PARTIAL, _print_json, _StderrProgress
from briefing_reader.core.library import Library

Command = Callable[[Library, argparse.Namespace], int]
#: Exit status after Ctrl+C or SIGTERM (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.importing import DEFAULT_MAX_BYTES, import_paths

    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else DEFAULT_MAX_BYTES
    result = import_paths(
        library,
        [Path(p) for p in args.paths],
        progress=_StderrProgress("importing"),
        max_bytes=max_bytes,
        analyse=not args.no_analysis,
        follow_links=args.follow_links,
        time_limit=args.time_limit,
    )
    if args.json:
        _print_json(
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
            }
        )
    else:
        for failure in result.failed:
            print(f"failed: {failure.path}: {failure.reason}", file=sys.stderr)
        for doc_id, reason in result.analysis_failed.items():
            title = library.store.get(doc_id).title
            print(f"not analysed: document {doc_id} ({title}): {reason}", file=sys.stderr)
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for path in result.not_imported:
            print(f"not imported: {path}", file=sys.stderr)
        print(result.summary())
    if result.interrupted:
        return EXIT_INTERRUPTED
    if result.failed:
        return EXIT_PARTIAL
    return EXIT_OK


def register(add: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = add("import", cmd_import, "import files and folders (.txt .md .html .pdf .docx)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--max-mb", type=float, default=None, help="largest file to accept (20 MB)")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
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
