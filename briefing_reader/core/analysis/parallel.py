"""Analysis in worker processes that send back plain data, not spaCy Docs.

spaCy's own ``n_process`` ships every parsed Doc back to the parent, and unpacking
them (msgpack plus registry look-ups) kept the parent busy on a 2-core machine.
Here each worker loads the pipeline once, analyses batches of (text, source) and
returns only the findings. Workers are spawned, not forked, so a GUI process with
threads can use this safely. Workers ignore SIGINT: the parent decides, and on any
interruption closing the pool terminates them.

:class:`AnalysisPool` is fed one document at a time, so an import can hand each file
to analysis as soon as it is stored: the workers load the model and analyse while the
importing process is still reading files, instead of after it.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
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


class AnalysisPool:
    """Worker processes fed one document at a time; results come back in feeding order.

    Documents travel in batches of ``batch_size``; at most two batches per worker are in
    flight (:attr:`full`), which bounds the memory held for documents not yet analysed.
    Use as a context manager: leaving it ends the workers at once.
    """

    def __init__(self, processes: int, batch_size: int = 16, deadline: float | None = None):
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(processes, initializer=_start_worker)
        self._limit = 2 * processes
        self._size = batch_size
        self._deadline = deadline
        self._keys: list[Hashable] = []
        self._items: list[tuple[str, str | None]] = []
        self._pending: deque[tuple[list[Hashable], Any]] = deque()

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the workers now; documents in flight are left unanalysed."""
        self._pool.terminate()
        self._pool.join()

    @property
    def in_flight(self) -> int:
        """Documents sent or waiting to be sent whose results were not taken yet."""
        return len(self._items) + sum(len(keys) for keys, _ in self._pending)

    @property
    def full(self) -> bool:
        """True when the caller should take results before feeding more."""
        return len(self._pending) >= self._limit

    def put(self, key: Hashable, text: str, source: str | None) -> None:
        """Queue one document; a full batch goes to the workers at once."""
        self._keys.append(key)
        self._items.append((text, source))
        if len(self._items) >= self._size:
            self._send()

    def _send(self) -> None:
        if self._items:
            task = self._pool.apply_async(_analyse_batch, (self._items, self._deadline))
            self._pending.append((self._keys, task))
            self._keys, self._items = [], []

    def ready(self) -> Iterator[tuple[Hashable, Any]]:
        """(key, findings or ``Failed``) of the batches already analysed, without waiting."""
        while self._pending and self._pending[0][1].ready():
            yield from self._take()

    def next_batch(self) -> Iterator[tuple[Hashable, Any]]:
        """The oldest batch's results, waiting for them (sending a partial batch first)."""
        if not self._pending:
            self._send()
        if self._pending:
            yield from self._take()

    def drain(self) -> Iterator[tuple[Hashable, Any]]:
        """Every remaining result, in order."""
        self._send()
        while self._pending:
            yield from self._take()

    def _take(self) -> Iterator[tuple[Hashable, Any]]:
        keys, task = self._pending.popleft()
        while not task.ready():  # short waits, so signals reach this thread
            task.wait(0.2)
        yield from zip(keys, task.get(), strict=True)


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
    with AnalysisPool(processes, batch_size, deadline) as pool:
        for number, (text, source) in enumerate(items):
            pool.put(number, text, source)
            while pool.full:
                yield from (found for _, found in pool.next_batch())
        yield from (found for _, found in pool.drain())
