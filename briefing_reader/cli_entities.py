"""Analysis commands of the CLI: entities, entity, not-entity, corrections, claims, claim."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from briefing_reader.cli_output import EXIT_OK, emit_json, is_quiet, notice, say, wants_json
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.library import Library
from briefing_reader.core.model import key_claims_chosen

Command = Callable[[Library, argparse.Namespace], int]
ENTITY_ACTIONS = ("rename", "merge", "relabel", "hide", "unhide", "split")
CLAIM_KINDS = ("quote", "reported", "assessment", "event", "forecast")


def cmd_entities(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import list_entities

    entities = list_entities(
        library, args.doc, args.label, include_hidden=args.hidden, limit=args.limit
    )
    if wants_json(args):
        emit_json({"entities": [e.to_json() for e in entities]})
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
    for text in changes.notices:
        notice(args, text)
    if wants_json(args):
        emit_json(
            {
                "action": args.action,
                "entity": args.ref,
                "value": args.value,
                "updated": changes.updated,
                "notices": changes.notices,
            }
        )
    say(args, f"{args.action}: {args.ref}; {len(changes.updated)} document(s) updated")
    return EXIT_OK


def cmd_not_entity(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import mark_not_entity

    changes = mark_not_entity(library, args.id, args.start, args.end)
    for text in changes.notices:
        notice(args, text)
    if wants_json(args):
        emit_json(
            {
                "not_entity": {"document": args.id, "start": args.start, "end": args.end},
                "notices": changes.notices,
            }
        )
    say(args, f"document {args.id}: {args.start}–{args.end} is no longer an entity")
    return EXIT_OK


def cmd_corrections(library: Library, args: argparse.Namespace) -> int:
    from briefing_reader.app.entities import list_corrections, undo_correction

    if args.undo is not None:
        undo_correction(library, args.undo)
        if wants_json(args):
            emit_json({"removed_correction": args.undo})
        say(args, f"removed correction {args.undo}")
        return EXIT_OK
    corrections = list_corrections(library)
    claims = library.claims.corrections()
    if wants_json(args):
        emit_json(
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
    if wants_json(args):
        emit_json({"claims": [c.to_json(with_features=args.features) for c in claims]})
        return EXIT_OK
    if not claims:
        print("No claims found.")
    for c in claims:
        _print_claim(c, args.features)
    if args.doc is not None and not args.all:
        every = ops.document_claims(library, args.doc, every=True, with_hidden=True)
        total = sum(1 for c in every if not c.hidden)
        if key_claims_chosen(every):
            print(f"{len(claims)} key claims of {total}; --all lists every claim")
        else:
            print(
                f"all {total} claims: an earlier analysis chose no key claims; "
                f"`reanalyze {args.doc}` chooses them"
            )
    return EXIT_OK


def _print_claim(c: Any, features: bool = False) -> None:
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
        if wants_json(args):
            emit_json({"document": args.id, "start": args.start, "correction_removed": undone})
        say(args, "correction removed" if undone else "this claim had no correction")
        return EXIT_OK
    hidden = True if args.hide else False if args.unhide else None
    if args.speaker is None and args.kind is None and hidden is None:
        raise BriefingError("say what to change: --speaker, --kind, --hide, --unhide or --undo")
    claim = ops.correct_claim(library, args.id, args.start, args.speaker, args.kind, hidden)
    if wants_json(args):
        emit_json({"claim": claim.to_json()})
    elif not is_quiet(args):
        _print_claim(claim)
    return EXIT_OK


def register(add: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """Add the entity and claim commands to the main parser."""
    p = add("entities", cmd_entities, "list entities of the library or of one document")
    p.add_argument("--doc", type=int, metavar="ID", help="only the entities of this document")
    p.add_argument("--label", help="only this label (PERSON, ORG, GPE, …)")
    p.add_argument("--hidden", action="store_true", help="include hidden entities")
    p.add_argument("--limit", type=int, default=0, help="at most N entities (default: all)")

    p = add("entity", cmd_entity, "correct an entity: rename, merge, relabel, hide, unhide, split")
    p.add_argument("action", choices=ENTITY_ACTIONS, help="what to do with the entity")
    p.add_argument("ref", metavar="ENTITY", help="'Lloyd Austin' or 'PERSON:Lloyd Austin'")
    p.add_argument(
        "value",
        nargs="?",
        help="new name, target entity, new label, or (split) a name joined to it automatically",
    )

    p = add("not-entity", cmd_not_entity, "mark one span of a document as not an entity")
    p.add_argument("id", type=int, metavar="ID", help="document id")
    p.add_argument("start", type=int, help="where the span starts (a character offset)")
    p.add_argument("end", type=int, help="where the span ends (a character offset)")

    p = add("corrections", cmd_corrections, "list your entity and claim corrections, or undo one")
    p.add_argument("--undo", type=int, metavar="CID", help="remove entity correction CID")

    p = add("claims", cmd_claims, "key claims of a document, or by or about an entity")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--doc", type=int, metavar="ID", help="claims of this document")
    which.add_argument("--speaker", metavar="NAME", help="what this entity said, library-wide")
    which.add_argument("--about", metavar="NAME", help="claims naming this entity")
    p.add_argument(
        "--order",
        choices=("reading", "importance"),
        default="reading",
        help="in reading order (default) or most important first",
    )
    p.add_argument("--limit", type=int, default=0, help="at most N claims (default: all)")
    p.add_argument("--all", action="store_true", help="every claim of --doc, not just key ones")
    p.add_argument("--hidden", action="store_true", help="include claims you hid (--doc)")
    p.add_argument("--features", action="store_true", help="show what each score is made of")

    p = add("claim", cmd_claim, "correct one claim: its speaker or kind, or hide it")
    p.add_argument("id", type=int, metavar="ID", help="document id")
    p.add_argument("start", type=int, help="where the claim starts (see 'claims --doc ID')")
    p.add_argument("--speaker", metavar="NAME", help="who makes the claim (an entity or a name)")
    p.add_argument("--kind", choices=CLAIM_KINDS, help="what kind of claim it is")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--hide", action="store_true", help="hide the claim")
    shown.add_argument("--unhide", action="store_true", help="show it again")
    p.add_argument("--undo", action="store_true", help="drop your corrections of this claim")
