"""How the CLI writes: one JSON object or text, quiet or not, escapes only where they work.

Every command goes through these helpers so ``--json``, ``--quiet``, ``NO_COLOR``,
``TERM=dumb`` and a closed pipe behave the same everywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import suppress
from typing import TextIO

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
#: ``import`` (and the other batch commands) exit with this when some items failed.
EXIT_PARTIAL = 3
#: Ctrl+C or SIGTERM (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: The reader of stdout went away (``… | head``): 128 + SIGPIPE, as shells report it.
EXIT_CLOSED_PIPE = 141


def emit_json(data: object) -> None:
    """Print ``data`` as one valid UTF-8 JSON object, whatever bytes file names brought in."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))
        return
    sys.stdout.flush()
    data = memoryview(text.encode("utf-8", "backslashreplace"))
    while data:  # a pipe whose reader left takes part of a write without an error
        written = stream.write(data)
        if not written:  # a non-blocking stream that is full
            break
        data = data[written:]
    stream.flush()


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def is_quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", False))


def say(args: argparse.Namespace, text: str) -> None:
    """A confirmation or summary on stdout: not with ``--quiet``, never inside JSON output."""
    if not is_quiet(args) and not wants_json(args):
        print(text)


def notice(args: argparse.Namespace, text: str) -> None:
    """Something worth knowing that is not a failure (``note: …``); not with ``--quiet``."""
    if not is_quiet(args):
        print(f"note: {text}", file=sys.stderr)


def problem(kind: str, text: str) -> None:
    """One item of a batch that failed or needs attention; shown even with ``--quiet``."""
    print(f"{kind}: {text}", file=sys.stderr)


def error(message: str) -> None:
    """The one-line error of a command that failed (the caller returns non-zero)."""
    with suppress(OSError):  # stderr itself may be a closed pipe
        print(f"briefing-reader: error: {message}", file=sys.stderr)


def escapes_allowed(stream: TextIO) -> bool:
    """Terminal escapes (bold, colour, cursor moves) only on a terminal that understands
    them, and never when the user asked for none (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    return interactive(stream)


def interactive(stream: TextIO) -> bool:
    """A terminal a line can be redrawn on (a carriage return works, ``TERM=dumb`` aside)."""
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def emphasis(stream: TextIO) -> tuple[str, str]:
    """How to mark a search term: bold where escapes work, else ``[term]``."""
    return ("\x1b[1m", "\x1b[0m") if escapes_allowed(stream) else ("[", "]")


def closed_pipe_exit() -> int:
    """stdout's reader has gone: point stdout at /dev/null so the interpreter's last flush
    cannot raise again (no traceback at exit) and return the status shells expect."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_CLOSED_PIPE
