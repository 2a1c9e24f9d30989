"""The ``briefing-reader`` command line: every operation the GUI offers.

Every command takes ``--json`` (one JSON object on stdout, shapes in docs/cli.md) and
``--quiet``. Errors go to stderr, one line each, with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing_reader import __version__
from briefing_reader.cli_output import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    closed_pipe_exit,
    emit_json,
    emphasis,
    error,
    is_quiet,
    notice,
    say,
    wants_json,
)
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.paths import LIBRARY_ENV

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "build_parser", "main"]

Command = Callable[[Library, argparse.Namespace], int]
Standalone = Callable[[argparse.Namespace], int]


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import list_documents

    if args.failed:
        return _list_failed(library, wants_json(args))
    docs = list_documents(library, args.order)
    if wants_json(args):
        emit_json({"documents": [doc.summary() for doc in docs]})
        return EXIT_OK
    if not docs:
        print("The library is empty. Add documents with: briefing-reader import PATH…")
    for doc in docs:
        published = doc.published.iso() if doc.published else "—"
        source = doc.source or "—"
        print(f"{doc.id:>5}  {published:<10}  {source[:24]:<24}  {doc.title}")
    return EXIT_OK


def _list_failed(library: Library, as_json: bool) -> int:
    failures = library.failures.list()
    if as_json:
        emit_json({"failed": [f.to_json() for f in failures]})
        return EXIT_OK
    if not failures:
        print("No document failed analysis.")
    for failure in failures:
        print(f"{failure.document_id:>5}  {failure.title}\n       {failure.reason}")
    if failures:
        print("Retry with: briefing-reader reanalyze ID… (or reanalyze --failed)")
    return EXIT_OK


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import show_document

    doc = show_document(library, args.id)
    if wants_json(args):
        data = doc.to_json()
        data["entities"] = [m.to_json() for m in library.entities.mentions(doc.id)]
        emit_json(data)
        return EXIT_OK
    print(doc.title)
    meta = [
        doc.source,
        doc.published.iso() if doc.published else None,
        doc.dateline,
        f"by {doc.author}" if doc.author else None,
    ]
    print(" · ".join(m for m in meta if m))
    print(f"[document {doc.id}, {doc.file_format} file {doc.file_name}]")
    print()
    print(doc.text)
    return EXIT_OK


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.progress import REBUILDING
    from briefing_reader.app.searching import search
    from briefing_reader.cli_progress import CommandProgress

    filters = {}
    if args.filter_source:
        filters["source"] = args.filter_source
    if args.filter_year:
        filters["year"] = str(args.filter_year)
    for name in ("person", "org", "place"):
        if value := getattr(args, f"filter_{name}"):
            filters[name] = value
    # Nothing is shown unless the index is rebuilt first (an upgrade's new index version).
    with CommandProgress(REBUILDING, quiet=is_quiet(args)) as progress:
        results = search(
            library,
            args.query,
            page=args.page,
            page_size=args.limit,
            sort=args.sort,
            filters=filters,
            progress=progress,
        )
    if wants_json(args):
        emit_json(results.to_json())
        return EXIT_OK
    for text in results.notices:
        notice(args, text)
    bold, plain = emphasis(sys.stdout)
    shown_from = (results.page - 1) * results.page_size + 1
    print(
        f"{results.total} result(s) for {args.query!r}"
        + (f", showing {shown_from}–{shown_from + len(results.hits) - 1}" if results.hits else "")
    )
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}")
    for hit in results.hits:
        meta = " · ".join(m for m in (hit.source, hit.published) if m)
        print(f"\n{hit.id:>5}  {hit.title}" + (f"  ({meta})" if meta else ""))
        print(f"       {hit.snippet.marked(bold, plain)}")
        for annotation in hit.annotations[:3]:
            tags = " ".join(f"#{t}" for t in annotation.tags)
            note = annotation.note.splitlines()[0] if annotation.note else ""
            print(f"       note {annotation.id}: “{annotation.exact[:60]}” {tags} {note}".rstrip())
    if results.facets.get("source") and not args.no_facets:
        print("\nSources: " + ", ".join(f"{v} ({c})" for v, c in results.facets["source"][:8]))
    if results.facets.get("year") and not args.no_facets:
        print("Years: " + ", ".join(f"{v} ({c})" for v, c in results.facets["year"][:8]))
    return EXIT_OK


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import remove_document

    removed, notices = [], []
    for doc_id in args.ids:
        changes = remove_document(library, doc_id)
        removed.append(doc_id)
        notices += changes.notices
        for text in changes.notices:
            notice(args, text)
        say(args, f"removed document {doc_id}")
    if wants_json(args):
        emit_json({"removed": removed, "notices": notices})
    return EXIT_OK


def cmd_rename(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import rename_document

    changes = rename_document(library, args.id, args.title)
    for text in changes.notices:
        notice(args, text)
    if wants_json(args):
        doc = library.store.get(args.id)
        emit_json({"renamed": {"id": doc.id, "title": doc.title}, "notices": changes.notices})
    say(args, f"renamed document {args.id}")
    return EXIT_OK


def cmd_reindex(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import reindex
    from briefing_reader.cli_progress import CommandProgress

    with CommandProgress("indexing", quiet=is_quiet(args)) as progress:
        count = reindex(library, progress=progress)
    if wants_json(args):
        emit_json({"indexed": count, "seconds": round(progress.seconds, 2)})
    say(args, f"search index rebuilt: {count} document(s) {progress.took()}")
    return EXIT_OK


# -- parser ---------------------------------------------------------------------------


def _global_options(parser: argparse.ArgumentParser, default: object, library: bool) -> None:
    """Options every command takes, before or after its name (a command's own copy
    defaults to SUPPRESS so it never hides the value given before the command)."""
    if library:
        parser.add_argument(
            "--library",
            metavar="DIR",
            type=Path,
            default=default,
            help=f"library folder (default: ${LIBRARY_ENV} or the user data folder)",
        )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False if default is None else default,
        help="print the result as one JSON object on stdout (shapes: docs/cli.md)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=False if default is None else default,
        help="no progress display, notes or confirmations; errors and answers still print",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; the man page and the completion scripts are made from it."""
    parser = argparse.ArgumentParser(
        prog="briefing-reader",
        description="Read, search and annotate briefing material, offline. "
        "Without a command, opens the desktop window; FILE and briefing-reader:// "
        "arguments without a command open the window on them.",
        epilog="Exit status: 0 success, 1 error, 2 usage error, 3 some items failed, "
        "130 interrupted, 141 output pipe closed.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _global_options(parser, None, library=True)
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        title="commands",
        help="what to do ('briefing-reader COMMAND --help' tells more)",
    )
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS, library=True)
    output = argparse.ArgumentParser(add_help=False)
    _global_options(output, argparse.SUPPRESS, library=False)

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    def standalone(name: str, func: Standalone, help: str) -> argparse.ArgumentParser:
        """A command that opens no library."""
        p = sub.add_parser(name, parents=[output], help=help, description=help)
        p.set_defaults(func=None, standalone=func)
        return p

    from briefing_reader import cli_completion, cli_entities, cli_import, cli_notes

    cli_import.register(add)
    _register_documents(add)
    cli_import.register_analysis(add, standalone)
    cli_entities.register(add)
    cli_notes.register(add)
    cli_completion.register(standalone)
    return parser


def _register_documents(add: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = add("list", cmd_list, "list the documents in the library")
    p.add_argument(
        "--failed", action="store_true", help="only documents whose analysis failed, and why"
    )
    p.add_argument(
        "--order",
        choices=("published", "id", "title"),
        default="published",
        help="sort by publication date (default), id or title",
    )

    p = add("show", cmd_show, "show one document")
    p.add_argument("id", type=int, metavar="ID", help="document id (see 'list')")

    p = add("search", cmd_search, "search the library")
    p.add_argument("query", help="e.g. 'osprey AND \"extended deterrence\" date:2024'")
    p.add_argument("--limit", type=int, default=10, help="results per page (10)")
    p.add_argument("--page", type=int, default=1, help="which page of results (1)")
    p.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="best match first (default) or newest first",
    )
    p.add_argument("--source", dest="filter_source", help="only results from this source")
    p.add_argument("--year", dest="filter_year", type=int, help="only results from this year")
    for name, what in (("person", "person"), ("org", "organisation"), ("place", "place")):
        p.add_argument(
            f"--{name}",
            dest=f"filter_{name}",
            metavar="NAME",
            help=f"only results naming this {what}",
        )
    p.add_argument("--no-facets", action="store_true", help="do not print facet counts")

    p = add("remove", cmd_remove, "remove documents from the library")
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help="documents to remove")

    p = add("rename", cmd_rename, "give a document your own title")
    p.add_argument("id", type=int, metavar="ID", help="document id")
    p.add_argument("title", help="the new title (re-imports keep it)")

    add("reindex", cmd_reindex, "rebuild the search index from the library database")


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    """The commands :func:`build_parser` defines (the launcher tells them from files)."""
    subparsers = parser._subparsers
    assert subparsers is not None
    action = subparsers._group_actions[0]
    assert isinstance(action.choices, dict)
    return list(action.choices)


def _stop_on_sigterm() -> None:
    """SIGTERM stops a command as Ctrl+C does: what was saved stays, workers end."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (tests calling main)
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    _stop_on_sigterm()
    try:
        if getattr(args, "standalone", None):
            code = int(args.standalone(args))
        else:
            with Library.open(args.library) as library:
                code = int(args.func(library, args))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BriefingError as exc:
        error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        error("interrupted; everything saved so far is kept")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return closed_pipe_exit()
