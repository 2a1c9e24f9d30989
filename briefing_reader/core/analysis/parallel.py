"""Analysis in worker processes that send back plain data, not spaCy Docs.

spaCy's own ``n_process`` ships every parsed Doc back to the parent, and unpacking
them (msgpack plus registry look-ups) kept the parent busy on a 2-core machine.
Here each worker loads the pipeline once, analyses batches of (text, source) and
returns only the findings. Workers are spawned, not forked, so a GUI process with
threads can use this safely. Workers ignore SIGINT: the parent decides, and on any
interruption leaving the pool terminates them.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

_NLP: Any = None


def _start_worker() -> None:
    global _NLP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from briefing_reader.core.analysis.pipeline import pipeline

    _NLP = pipeline()


def _analyse_batch(batch: list[tuple[str, str | None]], deadline: float | None) -> list:
    from briefing_reader.core.analysis.bounded import analyse_bounded

    return list(analyse_bounded(_NLP, batch, len(batch), deadline))


def _batches(items: Iterable[tuple[str, str | None]], size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _result(pending: deque) -> list:
    """The oldest batch's results, waiting in short steps so signals reach this thread."""
    task = pending.popleft()
    while not task.ready():
        task.wait(0.2)
    results: list = task.get()
    return results


def analyse_in_workers(
    items: Iterable[tuple[str, str | None]],
    processes: int,
    batch_size: int = 16,
    deadline: float | None = None,
) -> Iterator[Any]:
    """Findings (``{"mentions": …, "claims": …}`` or ``Failed``) for each item, in order.

    ``items`` is read in the calling thread (it may come from a SQLite connection that
    belongs to it), with at most two batches per worker in flight.
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_start_worker) as pool:
        pending: deque = deque()
        for batch in _batches(items, batch_size):
            pending.append(pool.apply_async(_analyse_batch, (batch, deadline)))
            if len(pending) >= 2 * processes:
                yield from _result(pending)
        while pending:
            yield from _result(pending)
