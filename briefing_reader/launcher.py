"""The ``briefing-reader`` command: the desktop window without a command, else the CLI.

Kept apart from :mod:`briefing_reader.cli` so the CLI never imports Qt (a layer
contract checks it): only this module decides to load the GUI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from briefing_reader.cli import build_parser
    from briefing_reader.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    files = _files_to_open(args, parser)
    if files:
        # ``briefing-reader a.pdf b.html`` (the desktop file's %F): open and import them.
        args = [a for a in args if Path(a) not in files]
    namespace = parser.parse_args(args)  # --help and --version exit here
    if namespace.command is not None:
        return cli_main(args)
    from briefing_reader.gui.app import run

    return run(namespace.library, files)


def _files_to_open(args: list[str], parser: argparse.ArgumentParser) -> list[Path]:
    """Existing paths given without a command, ignoring ``--library DIR``."""
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    positional: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif not arg.startswith("-"):
            positional.append(arg)
    if not positional or positional[0] in commands:
        return []
    if not all(Path(p).exists() for p in positional):
        return []
    return [Path(p) for p in positional]


if __name__ == "__main__":
    raise SystemExit(main())
