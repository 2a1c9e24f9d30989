"""An import's files read and sent to the reader process before their turn.

The reader process converts one file after another while the importing process stores
the ones before them, so neither waits for a hand-off per file. A file is read here once:
its bytes, origin and hash, and the document it was imported as before, decide whether it
is converted at all (a stored file with the same bytes is not).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from briefing_reader.app.file_reading import read_file
from briefing_reader.app.file_worker import READ_DEADLINE, shared_worker
from briefing_reader.core.errors import BriefingError
from briefing_reader.core.paths import readable
from briefing_reader.core.store import Store

#: Files read and sent to the reader process before their turn, at most, and their bytes.
AHEAD_FILES = 8
AHEAD_BYTES = 16 * 1024 * 1024


class FileRead(NamedTuple):
    """A file read (and, unless ``sent`` is false, sent to the reader process)."""

    path: Path
    data: bytes
    origin: str
    raw_hash: str
    #: the stored document imported from the same place, if any
    known: sqlite3.Row | None
    sent: bool


class FilesAhead:
    """The files of one import read ahead, in order; each is taken in its turn."""

    def __init__(
        self, store: Store, library_folder: Path, max_bytes: int, deadline: float | None
    ) -> None:
        self._store = store
        self._folder = library_folder
        self._max_bytes = max_bytes
        self._deadline = deadline or READ_DEADLINE
        self._ahead: deque[FileRead] = deque()

    def take(self, path: Path) -> FileRead:
        """``path``, read ahead or now (raises what reading it raises)."""
        if self._ahead and self._ahead[0].path == path:
            return self._ahead.popleft()
        if self._ahead:  # out of turn: what was sent ahead is not for this file
            shared_worker().stop()
            self._ahead.clear()
        return self._read(path)

    def fill(self, files: Sequence[Path], start: int) -> None:
        """Read ``files[start:]`` and send them to the reader process, up to
        :data:`AHEAD_FILES` (and :data:`AHEAD_BYTES`) ahead; a file that fails stops this
        and is read again in its turn, which reports the failure."""
        worker = shared_worker()
        for path in files[start + len(self._ahead) : start + AHEAD_FILES]:
            if worker.in_flight_bytes() >= AHEAD_BYTES:
                return
            try:
                self._ahead.append(self._read(path))
            except (BriefingError, OSError, sqlite3.Error):
                return

    def _read(self, path: Path) -> FileRead:
        data = read_file(path, self._max_bytes)
        origin = readable(path.resolve())
        raw_hash = hashlib.sha256(data).hexdigest()
        known = self._store.find_by_origin(origin)
        sent = known is None or known["original_sha256"] != raw_hash
        if sent:
            shared_worker().send(path, data, self._deadline, self._folder)
        return FileRead(path, data, origin, raw_hash, known, sent)
