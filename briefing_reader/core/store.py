"""SQLite store: the library's source of truth.

The Whoosh index is derived from this database; every write here commits before
the index is touched, and ``indexed_hash`` records which documents the index
already reflects, so a crash between the two is repaired on the next open.
"""

from __future__ import annotations

import builtins
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_reader.core.errors import DocumentNotFoundError, LibraryError
from briefing_reader.core.partial_date import PartialDate
from briefing_reader.core.store_schema import SCHEMA_VERSION, upgrade_statements
from briefing_reader.core.transactions import TransactionGroup, Transactions

if TYPE_CHECKING:
    from briefing_reader.core.model import Document

DATABASE_NAME = "library.sqlite3"
#: Newest first, undated last; ``documents_newest`` serves it (NULLs sort lowest).
NEWEST_FIRST = "published_key DESC, id DESC"

_DOCUMENT_COLUMNS = (
    "id, content_hash, title, text, source, author, published, dateline, file_name, "
    "file_format, origin_path, original_copy, imported_at, updated_at, title_is_user"
)


def _row_to_document(row: sqlite3.Row) -> Document:
    # Imported here: the window's first listing reads rows, not documents, and loads
    # none of the data types but the date.
    from briefing_reader.core.model import Document

    return Document(
        id=row["id"],
        content_hash=row["content_hash"],
        title=row["title"],
        text=row["text"],
        source=row["source"],
        author=row["author"],
        published=PartialDate.from_iso(row["published"]),
        dateline=row["dateline"],
        file_name=row["file_name"],
        file_format=row["file_format"],
        origin_path=row["origin_path"],
        original_copy=row["original_copy"],
        imported_at=row["imported_at"],
        updated_at=row["updated_at"],
        title_is_user=bool(row["title_is_user"]),
    )


class Store:
    """Typed access to ``library.sqlite3``; one connection, used from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot open the library database {path}: {exc}") from exc
        self._db.row_factory = sqlite3.Row
        self._transactions = Transactions(self._db)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise LibraryError(f"the library database {path} is unusable: {exc}") from exc

    @classmethod
    def in_folder(cls, folder: Path) -> Store:
        """The database of the library folder ``folder``, creating the folder when missing."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"cannot create the library folder {folder}: {exc.strerror}"
            ) from exc
        if not os.access(folder, os.W_OK):
            raise LibraryError(f"the library folder {folder} is not writable")
        return cls(folder / DATABASE_NAME)

    def close(self) -> None:
        self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For sibling repositories (entities) that share this database and its transactions."""
        return self._db

    # -- schema -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"the library {self.path} was written by a newer Briefing Reader "
                f"(schema {version}, this version reads up to {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                if self.schema_version > number:
                    continue  # another connection (a thread opening the same library) did it
                for statement in upgrade_statements(number):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One atomic unit of work, a savepoint inside another (:mod:`transactions`)."""
        return self._transactions.transaction()

    def grouped(self) -> AbstractContextManager[TransactionGroup]:
        """Many units of work committed together (:meth:`Transactions.grouped`)."""
        return self._transactions.grouped()

    # -- documents ----------------------------------------------------------------------

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def get(self, doc_id: int) -> Document:
        row = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise DocumentNotFoundError(f"no document with id {doc_id}")
        return _row_to_document(row)

    def get_many(self, doc_ids: Iterable[int]) -> dict[int, Document]:
        ids = list(doc_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})", ids
        )
        return {row["id"]: _row_to_document(row) for row in rows}

    def list(self, order: str = "published") -> list[Document]:
        """All documents, newest first by default (undated last), or by ``id``/``title``."""
        order_sql = {
            "published": NEWEST_FIRST,
            "id": "id",
            "title": "title COLLATE NOCASE",
        }[order]
        rows = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY {order_sql}")
        return [_row_to_document(row) for row in rows]

    def newest(
        self, limit: int, offset: int = 0, opening: int = 2000
    ) -> builtins.list[sqlite3.Row]:
        """One page of :meth:`list`'s order as listing rows (``id``, ``title``, ``source``,
        ``published`` as stored, and the first ``opening`` characters of the text as
        ``opening``), read through an index: a page costs the same however large the
        library and its documents are."""
        return self._db.execute(
            "SELECT id, title, source, published, substr(text, 1, ?) AS opening FROM documents "
            f"ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?",
            (opening, limit, offset),
        ).fetchall()

    def iter_all(self) -> Iterator[Document]:
        for row in self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY id"):
            yield _row_to_document(row)

    def find_by_origin(self, origin_path: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            "SELECT id, content_hash, original_sha256, title_is_user FROM documents "
            "WHERE origin_path = ? ORDER BY id LIMIT 1",
            (origin_path,),
        ).fetchone()
        return row

    def find_by_content(self, content_hash: str) -> int | None:
        row = self._db.execute(
            "SELECT id FROM documents WHERE content_hash = ? ORDER BY id LIMIT 1", (content_hash,)
        ).fetchone()
        return None if row is None else int(row["id"])

    def insert(self, doc: Document, original_sha256: str, now: str) -> int:
        columns = {
            **_content_columns(doc, original_sha256),
            "title": doc.title,
            "title_is_user": 0,
            "origin_path": doc.origin_path,
            "imported_at": now,
            "updated_at": now,
        }
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO documents ({names}) VALUES ({marks})", tuple(columns.values())
            )
            doc_id = int(cursor.lastrowid or 0)
            self._add_vocabulary(db, doc.text, +1)
        return doc_id

    def replace_content(self, doc_id: int, doc: Document, original_sha256: str, now: str) -> None:
        """Update a re-imported document in place, keeping its id and the old text as a revision.

        A title the user chose is kept.
        """
        with self.transaction() as db:
            old = db.execute(
                "SELECT content_hash, text, original_copy, title_is_user FROM documents "
                "WHERE id = ?",
                (doc_id,),
            ).fetchone()
            if old is None:
                raise DocumentNotFoundError(f"no document with id {doc_id}")
            db.execute(
                "INSERT INTO document_revisions (document_id, content_hash, text, original_copy, "
                "replaced_at) VALUES (?, ?, ?, ?, ?)",
                (doc_id, old["content_hash"], old["text"], old["original_copy"], now),
            )
            # Annotations follow their passages into the new text, or become orphans. (Loaded
            # here: the anchoring code is not needed to open or list a library.)
            from briefing_reader.core.annotation_store import reanchor_document

            reanchor_document(db, doc_id, doc.text, doc.content_hash, now, old_text=old["text"])
            # The old mentions point into the old text: drop them; analysis redoes them.
            db.execute("DELETE FROM mentions WHERE document_id = ?", (doc_id,))
            db.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
            columns = {
                **_content_columns(doc, original_sha256),
                "updated_at": now,
                "analysis_version": None,
            }
            if not old["title_is_user"]:
                columns["title"] = doc.title
            assignments = ", ".join(f"{name} = ?" for name in columns)
            db.execute(
                f"UPDATE documents SET {assignments} WHERE id = ?", (*columns.values(), doc_id)
            )
            self._add_vocabulary(db, old["text"], -1)
            self._add_vocabulary(db, doc.text, +1)

    def set_origin_hash(self, doc_id: int, original_sha256: str, origin_path: str) -> None:
        """Remember that ``origin_path`` now has these bytes (same text, e.g. touched file)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET original_sha256 = ?, origin_path = ? WHERE id = ?",
                (original_sha256, origin_path, doc_id),
            )

    def rename(self, doc_id: int, title: str, now: str) -> None:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE documents SET title = ?, title_is_user = 1, updated_at = ?, "
                "indexed_hash = NULL WHERE id = ?",
                (title, now, doc_id),
            )
            if cursor.rowcount == 0:
                raise DocumentNotFoundError(f"no document with id {doc_id}")

    def remove(self, doc_id: int) -> builtins.list[str]:
        """Delete a document; return the original copies no other row still refers to."""
        with self.transaction() as db:
            row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise DocumentNotFoundError(f"no document with id {doc_id}")
            copies = [
                r[0]
                for r in db.execute(
                    "SELECT original_copy FROM documents WHERE id = ? UNION "
                    "SELECT original_copy FROM document_revisions WHERE document_id = ?",
                    (doc_id, doc_id),
                )
                if r[0]
            ]
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._add_vocabulary(db, row["text"], -1)
            still_used = {
                r[0]
                for r in db.execute(
                    "SELECT original_copy FROM documents UNION "
                    "SELECT original_copy FROM document_revisions"
                )
            }
        return [copy for copy in copies if copy not in still_used]

    def revisions(self, doc_id: int) -> builtins.list[sqlite3.Row]:
        return self._db.execute(
            "SELECT content_hash, text, original_copy, replaced_at FROM document_revisions "
            "WHERE document_id = ? ORDER BY id",
            (doc_id,),
        ).fetchall()

    # -- index bookkeeping --------------------------------------------------------------

    def unindexed_ids(self) -> builtins.list[int]:
        rows = self._db.execute(
            "SELECT id FROM documents WHERE indexed_hash IS NULL OR indexed_hash != content_hash"
        )
        return [int(r[0]) for r in rows]

    def mark_unindexed(self, doc_ids: Iterable[int]) -> None:
        """Say these documents' index entries are out of date (inside the change's own
        transaction, so a crash before re-indexing leaves them to be indexed at next start)."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE documents SET indexed_hash = NULL WHERE id = ?",
                [(doc_id,) for doc_id in doc_ids],
            )

    def mark_indexed(self, doc_ids: Iterable[int]) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE documents SET indexed_hash = content_hash WHERE id = ?",
                [(doc_id,) for doc_id in doc_ids],
            )

    def all_ids(self) -> builtins.list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT id FROM documents ORDER BY id")]

    # -- vocabulary (did-you-mean) ------------------------------------------------------

    def _add_vocabulary(self, db: sqlite3.Connection, text: str, sign: int) -> None:
        """Count the text's words in (or out of) the vocabulary when the transaction commits."""
        self._transactions.words.add(text, sign)

    def word_count(self, word: str) -> int:
        row = self._db.execute(
            "SELECT doc_count FROM vocabulary WHERE word = ?", (word,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def vocabulary(self, min_count: int = 1) -> builtins.list[tuple[str, int]]:
        return [
            (r[0], int(r[1]))
            for r in self._db.execute(
                "SELECT word, doc_count FROM vocabulary WHERE doc_count >= ?", (min_count,)
            )
        ]


def _content_columns(doc: Document, original_sha256: str) -> dict[str, object]:
    """Columns that come from the file's content, shared by insert and re-import."""
    return {
        "content_hash": doc.content_hash,
        "source": doc.source,
        "author": doc.author,
        "published": doc.published.iso() if doc.published else None,
        "published_key": doc.published.sort_key if doc.published else None,
        "dateline": doc.dateline,
        "file_name": doc.file_name,
        "file_format": doc.file_format,
        "original_sha256": original_sha256,
        "original_copy": doc.original_copy,
        "text": doc.text,
    }
