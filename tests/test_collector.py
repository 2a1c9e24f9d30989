"""The collector waits during the window's start, then freezes what the start made."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from briefing_reader.gui import collector


@pytest.fixture
def usual_collector() -> Iterator[tuple[int, int, int]]:
    """The collector as the test found it, restored afterwards (frozen objects thawed)."""
    collector.settle_collection()
    usual = gc.get_threshold()
    enabled = gc.isenabled()
    yield usual
    collector.settle_collection()
    gc.unfreeze()
    gc.set_threshold(*usual)
    if enabled:
        gc.enable()


def test_defer_raises_the_first_threshold_and_settle_restores_it(
    usual_collector: tuple[int, int, int],
) -> None:
    collector.defer_collection()
    collector.defer_collection()  # a second call keeps the usual thresholds saved
    assert collector.deferring()
    assert gc.get_threshold() == (collector.START_THRESHOLD, *usual_collector[1:])
    collector.settle_collection()
    assert not collector.deferring()
    assert gc.get_threshold() == usual_collector


def test_settle_freezes_what_the_start_made(usual_collector: tuple[int, int, int]) -> None:
    collector.defer_collection()
    made = [[n] for n in range(1000)]
    frozen = gc.get_freeze_count()
    collector.settle_collection()
    assert gc.get_freeze_count() >= frozen + len(made)


def test_settle_without_defer_changes_nothing(usual_collector: tuple[int, int, int]) -> None:
    frozen = gc.get_freeze_count()
    collector.settle_collection()
    assert gc.get_freeze_count() == frozen
    assert gc.get_threshold() == usual_collector


def test_a_disabled_collector_stays_as_it_was(usual_collector: tuple[int, int, int]) -> None:
    gc.disable()
    collector.defer_collection()
    assert not collector.deferring() and gc.get_threshold() == usual_collector
    assert not gc.isenabled()
