"""The ``briefing-reader`` command: the desktop window without a command, else the CLI.

Kept apart from :mod:`briefing_reader.cli` so the CLI never imports Qt (a layer
contract checks it): only this module decides to load the GUI.
"""

from __future__ import annotations

import difflib
import multiprocessing
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Links the window opens: ``briefing-reader://doc/ID#annotation=UID`` (in exported notes).
URL_SCHEME = "briefing-reader"
#: Options of the main parser that take a value (skipped when looking for targets).
OPTIONS_WITH_VALUE = ("--library",)


@dataclass
class Targets:
    """What the arguments ask the window to open."""

    files: list[Path] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


class TargetError(ValueError):
    """An argument that is neither a command, an existing path nor a link the app opens."""


def main(argv: Sequence[str] | None = None) -> int:
    # A frozen bundle starts its analysis and reader workers by running this same
    # executable with multiprocessing's arguments: run the worker there and exit, before
    # any argument is parsed (PyInstaller's hook does it on Linux; a no-op when not frozen).
    multiprocessing.freeze_support()
    from briefing_reader.cli import build_parser, command_names
    from briefing_reader.cli import main as cli_main
    from briefing_reader.cli_output import EXIT_ERROR, EXIT_USAGE, error

    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = command_names(parser)
    try:
        targets, rest = split_targets(args, commands)
    except TargetError as exc:
        error(str(exc))
        return EXIT_USAGE
    namespace = parser.parse_args(rest)  # --help and --version exit here
    if namespace.command is not None:
        return cli_main(rest)
    if namespace.json or namespace.quiet:
        error("--json and --quiet go with a command (see briefing-reader --help)")
        return EXIT_USAGE
    from briefing_reader.window_check import window_problem

    problem = window_problem()
    if problem is not None:
        error(problem)
        return EXIT_ERROR
    from briefing_reader.gui.app import run

    if targets.urls:  # only then, so a window without link handling still starts
        return run(namespace.library, targets.files, open_urls=targets.urls)
    return run(namespace.library, targets.files)


def split_targets(args: list[str], commands: Sequence[str]) -> tuple[Targets, list[str]]:
    """Files, folders and links given without a command (the desktop file's ``%U``), and
    the arguments left for the parser. A command's own arguments are left alone."""
    positional = _positional(args)
    if not positional or args[positional[0]] in commands:
        return Targets(), args
    targets = Targets()
    for index in positional:
        _classify(args[index], targets, commands)
    taken = set(positional)
    return targets, [a for i, a in enumerate(args) if i not in taken]


def _positional(args: list[str]) -> list[int]:
    """Where the positional arguments are, skipping the values of options."""
    found: list[int] = []
    skip = False
    only_positional = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
        elif only_positional or not arg.startswith("-") or arg == "-":
            found.append(index)
        elif arg == "--":
            only_positional = True
        elif arg in OPTIONS_WITH_VALUE:
            skip = True
    return found


def _classify(arg: str, targets: Targets, commands: Sequence[str]) -> None:
    scheme = urlsplit(arg).scheme.lower() if "://" in arg or arg.startswith("file:") else ""
    if scheme == URL_SCHEME:
        targets.urls.append(arg)
        return
    if scheme == "file":  # file managers hand over file:// URLs for %U
        path = Path(unquote(urlsplit(arg).path))
    elif scheme:
        raise TargetError(
            f"cannot open {arg}: only files, folders and {URL_SCHEME}:// links can be opened"
        )
    else:
        path = Path(arg)
    if path.exists():
        targets.files.append(path)
        return
    close = difflib.get_close_matches(arg, commands, n=1)
    if close and not scheme:
        raise TargetError(
            f"{arg!r} is neither a command nor an existing file (did you mean {close[0]!r}?)"
        )
    raise TargetError(f"no such file or folder: {path}")


if __name__ == "__main__":
    raise SystemExit(main())
