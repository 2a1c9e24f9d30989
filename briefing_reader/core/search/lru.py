"""A small dict that forgets what was used least recently: every search cache is one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Lru(Generic[V]):
    """A dict that forgets its least recently used entries beyond ``size``, counted one
    an entry or by ``weigh`` (the newest entry always stays)."""

    def __init__(self, size: int, weigh: Callable[[V], int] | None = None) -> None:
        self.size = size
        self._weigh = weigh or (lambda value: 1)
        self._held = 0
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: V) -> V:
        old = self._items.pop(key, None)
        if old is not None:
            self._held -= self._weigh(old)
        self._items[key] = value
        self._held += self._weigh(value)
        while self._held > self.size and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self._held -= self._weigh(dropped)
        return value

    def __len__(self) -> int:
        return len(self._items)


class SharedLru(Generic[V]):
    """An :class:`Lru` that threads share, for what is read once per index segment
    (segments never change). A value is made outside the lock, so a slow read does not
    hold up other threads; the bound is asked for each time an entry is added."""

    def __init__(self, bound: Callable[[], int], weigh: Callable[[V], int]) -> None:
        self._bound = bound
        self._weigh = weigh
        self._lru: Lru[V] = Lru(bound(), weigh)
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            found = self._lru.get(key)
        if found is not None:
            return found
        value = make()
        with self._lock:
            self._lru.size = self._bound()
            return self._lru.put(key, value)

    def clear(self) -> None:
        with self._lock:
            self._lru = Lru(self._bound(), self._weigh)
