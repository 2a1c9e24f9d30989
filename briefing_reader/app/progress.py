"""Progress reporting and cancellation shared by every long operation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

#: The phase of a pass that rebuilds the whole index (an index of an earlier version, or
#: a lost one), which an import or the first search runs before its own work.
REBUILDING = "rebuilding the index"


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` steps of one ``phase`` (an import reads files, then analyses
    documents: two counts); ``message`` says what is being worked on."""

    done: int
    total: int
    message: str = ""
    phase: str = ""


class ProgressCallback(Protocol):
    def __call__(self, progress: Progress) -> None: ...


class CancelToken:
    """Set from any thread to ask a running operation to stop at the next safe point."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def report(
    callback: ProgressCallback | None, done: int, total: int, message: str = "", phase: str = ""
) -> None:
    if callback is not None:
        callback(Progress(done, total, message, phase))


def rebuild_reporter(callback: ProgressCallback | None) -> Callable[[int, int], None]:
    """What ``Library.ensure_index`` is given as it rebuilds an index of an earlier version:
    the pass is reported as its own phase, so an import, a re-analysis or a search says why
    it waits before its own work."""
    return lambda done, total: report(callback, done, total, phase=REBUILDING)
