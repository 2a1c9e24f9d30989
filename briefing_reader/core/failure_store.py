"""Documents whose analysis failed: kept apart so one bad document never blocks others.

A failed document stays stored and searchable (without entities and claims); later
imports skip it, and ``reanalyze`` retries it on request. A later success clears it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

from briefing_reader.core.model import AnalysisFailure


class FailureStore:
    def __init__(
        self,
        db: sqlite3.Connection,
        transaction: Callable[[], AbstractContextManager[sqlite3.Connection]],
    ) -> None:
        self.db = db
        self.transaction = transaction

    def mark(self, doc_id: int, reason: str, version: int) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO analysis_failures VALUES (?, ?, ?, ?)",
                (doc_id, reason, version, now),
            )

    def clear(self, doc_ids: Iterable[int]) -> None:
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM analysis_failures WHERE document_id = ?", [(i,) for i in doc_ids]
            )

    def ids(self) -> set[int]:
        return {int(r[0]) for r in self.db.execute("SELECT document_id FROM analysis_failures")}

    def list(self) -> list[AnalysisFailure]:
        rows = self.db.execute(
            "SELECT f.document_id, d.title, f.reason, f.failed_at FROM analysis_failures f "
            "JOIN documents d ON d.id = f.document_id ORDER BY f.document_id"
        )
        return [AnalysisFailure(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def reason(self, doc_id: int) -> str | None:
        row = self.db.execute(
            "SELECT reason FROM analysis_failures WHERE document_id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else str(row[0])
