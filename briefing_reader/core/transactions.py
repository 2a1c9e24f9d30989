"""Transactions on the library's connection: units of work, savepoints, and groups of units.

A transaction is one atomic unit of work. Inside another it is a savepoint of it, so a
unit that fails undoes only its own changes. A group (an import's files) commits many units
together, which is what makes storing many files fast. The did-you-mean vocabulary's count
changes travel with each level (:mod:`word_deltas`) and are written just before the
outermost transaction commits, so they always match the committed documents.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from briefing_reader.core.word_deltas import WordDeltas


class GroupLost(sqlite3.Error):
    """SQLite rolled a transaction group back on its own (a full disk, say)."""


class Transactions:
    """The transactions of one connection (used from one thread)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._depth = 0
        #: the vocabulary's count changes of the open transaction and its savepoints
        self.words = WordDeltas()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; rolls back on any exception.

        Inside another transaction it is a savepoint of it: a failure undoes only its own
        changes (and raises, so the outer one fails too unless its caller goes on), and a
        success joins them to the outer one, so a change and the record of it (an undo
        step, say) commit together or not at all.
        """
        if self._db.in_transaction:
            yield from self._savepoint()
            return
        self.begin()
        try:
            yield self._db
        except BaseException:
            self.roll_back()
            raise
        self.commit()

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        self._depth += 1
        name = f"unit_{self._depth}"
        self._db.execute(f"SAVEPOINT {name}")
        self.words.begin()
        try:
            yield self._db
        except BaseException:
            self.words.drop()
            if self._db.in_transaction:  # SQLite may have rolled everything back itself
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute(f"ROLLBACK TO {name}")
                    self._db.execute(f"RELEASE {name}")
            raise
        else:
            self._db.execute(f"RELEASE {name}")
            self.words.keep()
        finally:
            self._depth -= 1

    def begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        self.words.begin()

    def commit(self) -> None:
        """Write the vocabulary's changes and commit (rolled back if either fails)."""
        try:
            self.words.write(self._db)
            self._db.execute("COMMIT")
        except BaseException:
            self.roll_back()
            raise
        self.words.drop()

    def roll_back(self) -> None:
        self.words.drop()
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @contextmanager
    def grouped(self) -> Iterator[TransactionGroup]:
        """Many units of work (an import's files) committed together: the caller opens the
        group before a unit (:meth:`TransactionGroup.begin`) and commits it when it has held
        the write lock long enough; each unit inside is a savepoint, so one that failed has
        undone itself. The block's end commits what is open, even on an exception."""
        if self._db.in_transaction:
            raise RuntimeError("a transaction group cannot start inside a transaction")
        group = TransactionGroup(self)
        try:
            yield group
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                group.commit()
            raise
        group.commit()

    def in_transaction(self) -> bool:
        return self._db.in_transaction


class TransactionGroup:
    """The transaction of :meth:`Transactions.grouped`, open from :meth:`begin` to
    :meth:`commit`."""

    def __init__(self, transactions: Transactions) -> None:
        self._transactions = transactions
        self._opened: float | None = None

    def begin(self) -> None:
        """Open the group's transaction unless it is open (it holds the write lock)."""
        if self._opened is None:
            self._transactions.begin()
            self._opened = time.monotonic()

    def age(self) -> float:
        """Seconds the open transaction has held the write lock (0 when none is open)."""
        return 0.0 if self._opened is None else time.monotonic() - self._opened

    def lost(self) -> bool:
        """Whether SQLite ended the open transaction itself (its units are gone)."""
        return self._opened is not None and not self._transactions.in_transaction()

    def commit(self) -> None:
        """Commit the units so far; raises ``sqlite3.Error`` (:class:`GroupLost` when SQLite
        had undone them already) when they could not be kept."""
        if self._opened is None:
            return
        lost = self.lost()
        self._opened = None
        if lost:
            self._transactions.roll_back()
            raise GroupLost(
                "a failed write undid the changes of the last files; they were not saved"
            )
        self._transactions.commit()
