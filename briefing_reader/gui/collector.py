"""The cyclic garbage collector during the window's start.

The start creates tens of thousands of objects that live as long as the window (modules,
classes, PySide6 wrappers, the first listing). With Python's default first threshold (a
collection every 700 new objects) the collector scans them about 50 times before the
first listing is painted, and frees almost nothing: about 5 % of the start's CPU time.
So until the first listing is on screen the threshold is raised, never switched off (a
process that imports the window and never shows it still collects), and then what the
start made is frozen (``gc.freeze``): later collections leave it out, so typing in the
search box does not pay for scanning it either.
"""

from __future__ import annotations

import gc

#: New objects between two collections of the youngest generation during the start: more
#: than the start makes on a large library, so no collection runs before the first paint.
START_THRESHOLD = 200_000

_usual: tuple[int, int, int] | None = None


def defer_collection() -> None:
    """Collect rarely until :func:`settle_collection`; a second call changes nothing."""
    global _usual
    if _usual is None and gc.isenabled():
        _usual = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, _usual[1], _usual[2])


def settle_collection() -> None:
    """The start is over: freeze what it made and collect as usual again."""
    global _usual
    if _usual is not None:
        gc.freeze()
        gc.set_threshold(*_usual)
        _usual = None


def deferring() -> bool:
    return _usual is not None
