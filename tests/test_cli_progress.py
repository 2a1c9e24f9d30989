"""The progress display of long commands: a bar per pass on a terminal, plain lines
elsewhere, nothing with --quiet, and never an escape sequence."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import termios
import time
from collections.abc import Iterator

import pytest

from briefing_reader import cli_progress
from briefing_reader.app.progress import Progress
from briefing_reader.cli_progress import CommandProgress, duration


def _import_events() -> Iterator[Progress]:
    """What an import of 4 files reports: reading, analysing, then reading's closing event."""
    for done in range(4):
        yield Progress(done, 4, f"/data/file-{done}.txt", "reading files")
    yield Progress(0, 4, "", "analysing")
    for done in range(1, 5):
        yield Progress(done, 4, f"Title {done}", "analysing")
    yield Progress(4, 4, "done", "reading files")


@pytest.fixture
def terminal() -> Iterator[tuple[io.TextIOWrapper, int]]:
    """A pseudo-terminal 100 columns wide: the writing end as a stream, the reading fd."""
    reader, writer = pty.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    stream = open(writer, "w", encoding="utf-8", closefd=True)  # noqa: SIM115
    try:
        yield stream, reader
    finally:
        stream.close()
        os.close(reader)


def _read(fd: int) -> str:
    chunks = []
    while True:
        try:
            os.set_blocking(fd, False)
            chunk = os.read(fd, 65536)
        except (BlockingIOError, OSError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("no_color", [False, True])
def test_terminal_shows_a_bar_per_pass_without_escapes(
    terminal, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    stream, reader = terminal
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    with CommandProgress("reading files", stream=stream) as progress:
        assert progress.mode == "bar"
        for event in _import_events():
            progress(event)
    stream.flush()
    shown = _read(reader)
    assert "\x1b" not in shown
    lines = [line for line in shown.replace("\r\n", "\n").split("\n") if line.strip()]
    final = [line.split("\r")[-1] for line in lines]
    assert final[0].startswith("reading files: 100%") and "4/4" in final[0]
    assert "file/s" in final[0]
    assert final[1].startswith("analysing: 100%") and "4/4" in final[1] and "doc/s" in final[1]
    assert len(final) == 2  # the import's closing "reading files" event opens no bar
    assert "<00:00" in final[1]  # time left


def test_dumb_terminal_and_pipes_get_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    clock = iter(range(1000))  # one second per look at the clock
    monkeypatch.setattr(cli_progress.time, "monotonic", lambda: float(next(clock)))
    stream = io.StringIO()
    stream.isatty = lambda: True  # type: ignore[method-assign]
    with CommandProgress("reading files", stream=stream) as progress:
        assert progress.mode == "lines"
        for event in _import_events():
            progress(event)
    shown = stream.getvalue()
    assert "\r" not in shown and "\x1b" not in shown
    lines = shown.splitlines()
    assert lines[0] == "reading files: 0/4"
    assert lines[1].startswith("reading files: 1/4 (") and "file/s, about" in lines[1]
    assert lines[4].startswith("reading files: 4/4 in ")
    assert lines[5] == "analysing: 0/4"
    assert lines[-1].startswith("analysing: 4/4 in ")


def test_quiet_shows_nothing() -> None:
    stream = io.StringIO()
    with CommandProgress("indexing", quiet=True, stream=stream) as progress:
        for event in _import_events():
            progress(event)
    assert stream.getvalue() == ""


def test_a_closed_stderr_stops_the_display_not_the_work() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    progress = CommandProgress("indexing", stream=Closed())
    for event in _import_events():
        progress(event)
    progress.close()
    assert progress.mode == "off"


def test_durations_read_naturally() -> None:
    assert duration(0.42) == "0.4 s"
    assert duration(42.4) == "42 s"
    assert duration(125) == "2 min 05 s"
    assert duration(3725) == "1 h 02 min"


def test_the_bar_clock_runs_while_a_pass_waits(terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    stream, reader = terminal
    monkeypatch.setenv("TERM", "xterm")
    with CommandProgress("analysing", stream=stream) as progress:
        progress(Progress(0, 120, "", "analysing"))  # workers loading the model: no event
        time.sleep(1.6)
    stream.flush()
    assert "0/120 [00:01<?" in _read(reader)
