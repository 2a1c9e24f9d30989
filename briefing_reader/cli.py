"""The ``briefing-reader`` command line: every operation the GUI offers.

Commands that list or show data take ``--json`` and print exactly one JSON object.
Errors go to stderr, one line each, with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing_reader import __version__
from briefing_reader.app.progress import Progress
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.paths import LIBRARY_ENV

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
#: ``import`` exits with this when some files failed but the rest went in.
EXIT_PARTIAL = 3


def _print_json(data: object) -> None:
    """Print ``data`` as valid UTF-8 JSON, whatever bytes file names brought into it."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))
        return
    sys.stdout.flush()
    stream.write(text.encode("utf-8", "backslashreplace"))
    stream.flush()


def _error(message: str) -> None:
    print(f"briefing-reader: error: {message}", file=sys.stderr)


class _StderrProgress:
    """One updating line on a terminal; occasional lines when stderr is a file or pipe."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.last_percent = -1
        self.phase = ""

    def __call__(self, progress: Progress) -> None:
        if progress.total <= 0:
            return
        if progress.phase != self.phase:  # a new count: say which
            self.phase, self.last_percent = progress.phase, -1
        label = f"{self.label}: {progress.phase}" if progress.phase else self.label
        percent = progress.done * 100 // progress.total
        if self.tty:
            name = Path(progress.message).name if progress.message else ""
            sys.stderr.write(f"\r\x1b[K{label} {progress.done}/{progress.total} {name[:50]}")
            if progress.done >= progress.total:
                sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        elif percent // 10 != self.last_percent // 10 and progress.done < progress.total:
            print(f"{label} {progress.done}/{progress.total}", file=sys.stderr)
        self.last_percent = percent


# -- commands -------------------------------------------------------------------------


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import list_documents

    if args.failed:
        return _list_failed(library, args.json)
    docs = list_documents(library, args.order)
    if args.json:
        _print_json({"documents": [doc.summary() for doc in docs]})
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
        _print_json({"failed": [f.to_json() for f in failures]})
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
    if args.json:
        data = doc.to_json()
        data["entities"] = [m.to_json() for m in library.entities.mentions(doc.id)]
        _print_json(data)
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
    from briefing_reader.app.searching import search

    filters = {}
    if args.filter_source:
        filters["source"] = args.filter_source
    if args.filter_year:
        filters["year"] = str(args.filter_year)
    for name in ("person", "org", "place"):
        if value := getattr(args, f"filter_{name}"):
            filters[name] = value
    results = search(
        library, args.query, page=args.page, page_size=args.limit, sort=args.sort, filters=filters
    )
    if args.json:
        _print_json(results.to_json())
        return EXIT_OK
    for notice in results.notices:
        print(f"note: {notice}", file=sys.stderr)
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
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

    for doc_id in args.ids:
        changes = remove_document(library, doc_id)
        for notice in changes.notices:
            print(f"note: {notice}", file=sys.stderr)
        print(f"removed document {doc_id}")
    return EXIT_OK


def cmd_rename(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import rename_document

    rename_document(library, args.id, args.title)
    print(f"renamed document {args.id}")
    return EXIT_OK


def cmd_reindex(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.documents import reindex

    count = reindex(library, progress=_StderrProgress("indexing"))
    print(f"search index rebuilt: {count} document(s)")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse a file on its own: no library is opened or changed."""
    from briefing_reader.app.importing import analyse_file

    _print_json(analyse_file(args.file))
    return EXIT_OK


def cmd_reanalyze(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.analysing import reanalyse

    result = reanalyse(
        library,
        args.ids or None,
        outdated_only=args.outdated,
        progress=_StderrProgress("analysing"),
        failed_only=args.failed,
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for doc_id, reason in result.failed.items():
        print(f"failed: document {doc_id}: {reason}", file=sys.stderr)
    print(f"analysed {len(result.analysed)} document(s)")
    if result.failed:
        print(f"{len(result.failed)} document(s) failed analysis (see list --failed)")
    return EXIT_OK


def cmd_entities(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import list_entities

    entities = list_entities(
        library, args.doc, args.label, include_hidden=args.hidden, limit=args.limit
    )
    if args.json:
        _print_json({"entities": [e.to_json() for e in entities]})
        return EXIT_OK
    for e in entities:
        aliases = sorted(e.aliases - {e.canonical})
        extra = f"  (also: {', '.join(aliases[:5])})" if aliases else ""
        hidden = " [hidden]" if e.hidden else ""
        print(
            f"{e.label:<9} {e.canonical}{hidden}  — {e.mentions} mention(s) in "
            f"{len(e.documents)} document(s){extra}"
        )
        for _label, name, reason, count in e.joined:
            print(f"          joined: {name!r} in {count} document(s): {reason}")
        for candidates in e.ambiguous:
            print(f"          left as written: could be {' or '.join(candidates)}")
    return EXIT_OK


def cmd_entity(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app import entities as ops

    if args.action in ("rename", "merge", "relabel", "split") and not args.value:
        raise BriefingError(f"'entity {args.action}' needs a value after the entity")
    action = {
        "rename": lambda: ops.rename_entity(library, args.ref, args.value),
        "merge": lambda: ops.merge_entities(library, args.ref, args.value),
        "relabel": lambda: ops.relabel_entity(library, args.ref, args.value),
        "hide": lambda: ops.hide_entity(library, args.ref),
        "unhide": lambda: ops.unhide_entity(library, args.ref),
        "split": lambda: ops.split_entity(library, args.ref, args.value),
    }[args.action]
    changes = action()
    for notice in changes.notices:
        print(f"note: {notice}", file=sys.stderr)
    print(f"{args.action}: {args.ref}; {len(changes.updated)} document(s) updated")
    return EXIT_OK


def cmd_claims(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app import claims as ops

    if args.doc is not None:
        claims = ops.document_claims(
            library, args.doc, args.order, every=args.all, with_hidden=args.hidden
        )
    else:
        claims = (
            ops.claims_by(library, args.speaker)
            if args.speaker
            else ops.claims_about(library, args.about)
        )
        if args.order == "importance":
            claims = sorted(claims, key=lambda c: -c.score)
    if args.limit:
        claims = claims[: args.limit]
    if args.json:
        _print_json({"claims": [c.to_json(with_features=args.features) for c in claims]})
        return EXIT_OK
    if not claims:
        print("No claims found.")
    for c in claims:
        _print_claim(c, args.features)
    if args.doc is not None and not args.all:
        total = len(ops.document_claims(library, args.doc, every=True))
        print(f"{len(claims)} key claims of {total}; --all lists every claim")
    return EXIT_OK


def _print_claim(c, features: bool = False) -> None:
    hedge = f"  [hedged: {', '.join(c.hedges)}]" if c.hedges else ""
    marks = "".join(
        mark
        for mark, on in (
            (" key", c.key),
            (f" (inferred: {c.inferred})", bool(c.inferred)),
            (" (corrected)", c.corrected),
            (" (hidden)", c.hidden),
        )
        if on
    )
    speaker = c.speaker or "—"
    print(f"{c.document_id:>5}:{c.start:<6} {c.score:.2f}  {c.kind:<10} {speaker}{hedge}{marks}")
    print(f"       {c.text}")
    if c.inferred and c.named_in:
        print(f"       named in: {c.named_in}")
    if features:
        print("       " + ", ".join(f"{k} {v:.2f}" for k, v in c.features.items()))


def cmd_claim(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app import claims as ops

    if args.undo:
        undone = ops.undo_claim_correction(library, args.id, args.start)
        print("correction removed" if undone else "this claim had no correction")
        return EXIT_OK
    hidden = True if args.hide else False if args.unhide else None
    if args.speaker is None and args.kind is None and hidden is None:
        raise BriefingError("say what to change: --speaker, --kind, --hide, --unhide or --undo")
    claim = ops.correct_claim(library, args.id, args.start, args.speaker, args.kind, hidden)
    if args.json:
        _print_json({"claim": claim.to_json()})
    else:
        _print_claim(claim)
    return EXIT_OK


def cmd_not_entity(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import mark_not_entity

    mark_not_entity(library, args.id, args.start, args.end)
    print(f"document {args.id}: {args.start}–{args.end} is no longer an entity")
    return EXIT_OK


def cmd_corrections(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import list_corrections, undo_correction

    if args.undo is not None:
        undo_correction(library, args.undo)
        print(f"removed correction {args.undo}")
        return EXIT_OK
    corrections = list_corrections(library)
    claims = library.claims.corrections()
    if args.json:
        _print_json(
            {
                "corrections": [
                    {
                        "id": c.id,
                        "kind": c.kind,
                        "label": c.label,
                        "canonical": c.canonical,
                        "value": c.value,
                        "created_at": c.created_at,
                    }
                    for c in corrections
                ],
                "claim_corrections": claims,
            }
        )
        return EXIT_OK
    for c in corrections:
        print(f"{c.id:>4}  {c.describe()}")
    for c in claims:
        changes = [
            f"speaker → {c['speaker']}" if c["speaker"] else "",
            f"kind → {c['kind']}" if c["kind"] else "",
            "hidden" if c["hidden"] else "",
        ]
        text = str(c["text"])
        short = text if len(text) <= 60 else text[:59] + "…"
        print(
            f"claim {c['document']}:{c['start']}  {', '.join(x for x in changes if x)}  “{short}”"
            f"  (undo: claim {c['document']} {c['start']} --undo)"
        )
    return EXIT_OK


# -- parser ---------------------------------------------------------------------------


def _library_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        default=default,
        help=f"library folder (default: ${LIBRARY_ENV} or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-reader",
        description="Read, search and annotate briefing material, offline. "
        "Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _library_option(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _library_option(common, argparse.SUPPRESS)

    def add(name: str, func: Callable[[Library, argparse.Namespace], int], help: str):
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    from briefing_reader import cli_import

    cli_import.register(add)

    p = add("list", cmd_list, "list the documents in the library")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--failed", action="store_true", help="only documents whose analysis failed, and why"
    )
    p.add_argument("--order", choices=("published", "id", "title"), default="published")

    p = add("show", cmd_show, "show one document")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("search", cmd_search, "search the library")
    p.add_argument("query", help="e.g. 'osprey AND \"extended deterrence\" date:2024'")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=10, help="results per page (10)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
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
    p.add_argument("ids", nargs="+", type=int, metavar="ID")

    p = add("rename", cmd_rename, "give a document your own title")
    p.add_argument("id", type=int)
    p.add_argument("title")

    add("reindex", cmd_reindex, "rebuild the search index from the library database")

    p = sub.add_parser("analyze", help="analyse one file without importing it (JSON)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.set_defaults(func=None, standalone=cmd_analyze)

    p = add("reanalyze", cmd_reanalyze, "re-run entity analysis, keeping your corrections")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="documents (default: all)")
    p.add_argument(
        "--outdated",
        action="store_true",
        help="only documents analysed by an older version (not those that failed)",
    )
    p.add_argument("--failed", action="store_true", help="retry documents whose analysis failed")

    p = add("entities", cmd_entities, "list entities of the library or of one document")
    p.add_argument("--doc", type=int, metavar="ID")
    p.add_argument("--label", help="only this label (PERSON, ORG, GPE, …)")
    p.add_argument("--hidden", action="store_true", help="include hidden entities")
    p.add_argument("--limit", type=int, default=0, help="at most N entities")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("entity", cmd_entity, "correct an entity: rename, merge, relabel, hide, unhide, split")
    p.add_argument("action", choices=("rename", "merge", "relabel", "hide", "unhide", "split"))
    p.add_argument("ref", help="'Lloyd Austin' or 'PERSON:Lloyd Austin'")
    p.add_argument(
        "value",
        nargs="?",
        help="new name, target entity, new label, or (split) a name joined to it automatically",
    )

    p = add("not-entity", cmd_not_entity, "mark one span of a document as not an entity")
    p.add_argument("id", type=int)
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)

    p = add("claims", cmd_claims, "key claims of a document, or by or about an entity")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--doc", type=int, metavar="ID", help="claims of this document")
    which.add_argument("--speaker", metavar="NAME", help="what this entity said, library-wide")
    which.add_argument("--about", metavar="NAME", help="claims naming this entity")
    p.add_argument("--order", choices=("reading", "importance"), default="reading")
    p.add_argument("--limit", type=int, default=0, help="at most N claims")
    p.add_argument("--all", action="store_true", help="every claim of --doc, not just key ones")
    p.add_argument("--hidden", action="store_true", help="include claims you hid (--doc)")
    p.add_argument("--features", action="store_true", help="show what each score is made of")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("claim", cmd_claim, "correct one claim: its speaker or kind, or hide it")
    p.add_argument("id", type=int, help="document id")
    p.add_argument("start", type=int, help="where the claim starts (see 'claims --doc ID')")
    p.add_argument("--speaker", metavar="NAME", help="who makes the claim (an entity or a name)")
    p.add_argument("--kind", choices=("quote", "reported", "assessment", "event", "forecast"))
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--hide", action="store_true", help="hide the claim")
    shown.add_argument("--unhide", action="store_true", help="show it again")
    p.add_argument("--undo", action="store_true", help="drop your corrections of this claim")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("corrections", cmd_corrections, "list your entity corrections")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--undo", type=int, metavar="CID", help="remove correction CID")

    from briefing_reader.cli_notes import register

    register(add)
    return parser


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
            return int(args.standalone(args))
        with Library.open(args.library) as library:
            return int(args.func(library, args))
    except BriefingError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted; everything saved so far is kept")
        return 130
    except BrokenPipeError:
        return EXIT_OK
