"""Progress of long commands (import, reanalyze, reindex) on stderr.

On a terminal each pass (reading files, analysing, indexing) gets a tqdm bar with its
count, rate and time left; tqdm redraws one line with a carriage return only, so no
escape sequence is written and ``NO_COLOR`` holds. Where a line cannot be redrawn
(a file, a pipe, ``TERM=dumb``) a plain line is printed every tenth of a pass.
``--quiet`` shows nothing. The command prints its total duration when it ends.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from briefing_reader.app.progress import Progress
from briefing_reader.cli_output import interactive

#: What one step of each pass counts (the app's phase names).
UNITS = {
    "reading files": "file",
    "analysing": "doc",
    "indexing": "doc",
    "rebuilding the index": "doc",
    "writing": "doc",
}


def duration(seconds: float) -> str:
    """``0.4 s``, ``42 s``, ``2 min 05 s``, ``1 h 02 min``: as precise as is useful."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def _redrawable(stream: TextIO) -> bool:
    """A terminal with a width (a pseudo-terminal nobody sized reports 0 columns, where
    a bar would be empty)."""
    if not interactive(stream):
        return False
    try:
        return os.get_terminal_size(stream.fileno()).columns > 0
    except (OSError, ValueError, AttributeError):
        return False


class CommandProgress:
    """The progress callback of one command; use it as a context manager so the last bar
    is closed (and the line ended) however the command stops."""

    def __init__(self, default_phase: str, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.default_phase = default_phase
        self.mode = "off" if quiet else "bar" if _redrawable(self.stream) else "lines"
        self.started = time.monotonic()
        self.phase = ""
        self.finished: set[str] = set()
        self._bar: Any = None
        self._phase_started = self.started
        self._last: Progress | None = None
        self._printed_tenth = -1
        self._stopped = threading.Event()
        if self.mode == "bar":
            threading.Thread(target=self._tick, name="progress-clock", daemon=True).start()

    # -- the callback ------------------------------------------------------------------

    def __call__(self, progress: Progress) -> None:
        phase = progress.phase or self.default_phase
        if self.mode == "off" or phase in self.finished:
            return  # e.g. the import's closing "reading files: done" after analysis
        try:
            if phase != self.phase:
                self._end_phase(complete=True)  # a pass starts when the one before is done
                self.phase, self._phase_started, self._printed_tenth = phase, time.monotonic(), -1
            if progress.total > 0:
                self._show(progress)
        except OSError:  # stderr closed under us: the work matters more than the display
            self.mode = "off"

    def _show(self, progress: Progress) -> None:
        self._last = progress
        if self.mode == "bar":
            bar = self._bar or self._open_bar(progress.total)
            if bar.total != progress.total:
                bar.total = progress.total
            name = Path(progress.message).name if progress.message else ""
            bar.set_postfix_str(name[:28], refresh=False)
            bar.update(progress.done - bar.n)
            return
        tenth = progress.done * 10 // progress.total
        if tenth != self._printed_tenth and progress.done < progress.total:
            self._printed_tenth = tenth
            self._line(progress)

    def _tick(self) -> None:
        """Redraw the bar every second, so its clock runs while a pass waits on workers
        (the first analysis batch waits for them to load the language model)."""
        while not self._stopped.wait(1.0):
            bar = self._bar
            if bar is not None:
                with suppress(OSError, ValueError):  # tqdm locks; a closed bar ignores it
                    bar.refresh()

    def _open_bar(self, total: int) -> Any:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total,
            desc=self.phase,
            unit=UNITS.get(self.phase, "step"),
            file=self.stream,
            dynamic_ncols=True,
            leave=True,
            mininterval=0.2,
        )
        return self._bar

    def _line(self, progress: Progress) -> None:
        elapsed = time.monotonic() - self._phase_started
        unit = UNITS.get(self.phase, "step")
        text = f"{self.phase}: {progress.done}/{progress.total}"
        if progress.done and elapsed >= 0.5:  # a rate over less is noise
            rate = progress.done / elapsed
            left = (progress.total - progress.done) / rate
            text += f" ({rate:.1f} {unit}/s, about {duration(left)} left)"
        print(text, file=self.stream, flush=True)

    def _end_phase(self, complete: bool = False) -> None:
        """Close the current pass: ``complete`` when the next began, else where it stopped."""
        if self.phase:
            self.finished.add(self.phase)
        last, self._last = self._last, None
        if last is None:
            return
        done = last.total if complete else last.done
        if self._bar is not None:
            self._bar.set_postfix_str("", refresh=False)
            self._bar.update(done - self._bar.n)
            self._bar.close()
            self._bar = None
        elif self.mode == "lines":
            took = duration(time.monotonic() - self._phase_started)
            print(f"{self.phase}: {done}/{last.total} in {took}", file=self.stream, flush=True)

    # -- the command's end -------------------------------------------------------------

    @property
    def seconds(self) -> float:
        """Seconds since the command started."""
        return time.monotonic() - self.started

    def took(self) -> str:
        """``in 1 min 05 s``: for the command's closing line."""
        return f"in {duration(self.seconds)}"

    def close(self) -> None:
        self._stopped.set()
        try:
            self._end_phase()
        except OSError:
            self.mode = "off"

    def __enter__(self) -> CommandProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
