"""``briefing-reader completion bash|zsh``: shell completion scripts made from the parser.

shtab writes a static script from the argparse parser: pressing Tab runs only the
shell, never the program (whose start, spaCy aside, still costs a Python interpreter),
and the same script can be installed by a package. Commands, options, choices and
file or folder arguments complete.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing_reader.cli_output import EXIT_OK, emit_json, wants_json

SHELLS = ("bash", "zsh")
Standalone = Callable[[argparse.Namespace], int]


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell``."""
    import shtab

    for action in _actions(parser):
        if action.dest == "library":
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif action.type is Path or action.metavar == "PATH":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    script: str = shtab.complete(parser, shell=shell)
    return script


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every argument of the parser and of its commands."""
    for action in parser._actions:
        yield action
        if isinstance(action.choices, dict):  # the commands
            for command in dict.fromkeys(action.choices.values()):
                if isinstance(command, argparse.ArgumentParser):
                    yield from _actions(command)


def cmd_completion(args: argparse.Namespace) -> int:
    from briefing_reader.cli import build_parser

    script = completion_script(build_parser(), args.shell)
    if wants_json(args):
        emit_json({"shell": args.shell, "script": script})
    else:
        print(script, end="" if script.endswith("\n") else "\n")
    return EXIT_OK


def register(standalone: Callable[[str, Standalone, str], argparse.ArgumentParser]) -> None:
    p = standalone(
        "completion",
        cmd_completion,
        "print the shell completion script (bash: save it as "
        "~/.local/share/bash-completion/completions/briefing-reader; "
        "zsh: as _briefing-reader in a folder of $fpath)",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
