"""The library database's schema, as the migrations that build it version by version.

Kept apart from :mod:`store`, which reads and writes documents: a new version is one more
entry here, applied by ``Store`` when it opens a database of an earlier version.
"""

from __future__ import annotations

#: One entry per schema version; entry N upgrades version N to N+1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        title_is_user INTEGER NOT NULL DEFAULT 0,
        source TEXT,
        author TEXT,
        published TEXT,
        published_key INTEGER,
        dateline TEXT,
        file_name TEXT,
        file_format TEXT,
        origin_path TEXT,
        original_sha256 TEXT,
        original_copy TEXT,
        text TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        indexed_hash TEXT
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_origin_path ON documents(origin_path);
    CREATE TABLE document_revisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        original_copy TEXT,
        replaced_at TEXT NOT NULL
    );
    CREATE INDEX document_revisions_document ON document_revisions(document_id);
    CREATE TABLE vocabulary (
        word TEXT PRIMARY KEY,
        doc_count INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: entity analysis. Mentions are stored as the pipeline produced them; the user's
    # corrections live in their own tables and are applied when mentions are read, so
    # re-analysis never loses them.
    """
    ALTER TABLE documents ADD COLUMN analysis_version INTEGER;
    CREATE TABLE mentions (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        canonical TEXT NOT NULL,
        PRIMARY KEY (document_id, start_offset, end_offset)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_entity ON mentions(label, canonical);
    CREATE TABLE entity_corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'relabel', 'hide')),
        label TEXT NOT NULL,
        canonical TEXT NOT NULL,
        value TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE span_corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX span_corrections_document ON span_corrections(document_id);
    """,
    # 3: key claims, computed with the entities. The speaker is stored as the analysis
    # named it (label + canonical name); entity corrections apply when claims are read.
    """
    CREATE TABLE claims (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        kind TEXT NOT NULL,
        speaker_label TEXT,
        speaker TEXT,
        attributed INTEGER NOT NULL,
        hedges TEXT NOT NULL,
        score REAL NOT NULL,
        features TEXT NOT NULL,
        PRIMARY KEY (document_id, start_offset)
    ) WITHOUT ROWID;
    CREATE INDEX claims_speaker ON claims(speaker_label, speaker);
    """,
    # 4: annotations. Selectors (quote, context, position, content hash) let them be
    # re-anchored when the text changes; the history table holds undo/redo snapshots.
    """
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER,
        end_offset INTEGER,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        color TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        orphaned INTEGER NOT NULL DEFAULT 0,
        anchor_method TEXT,
        anchor_confidence REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX annotations_document ON annotations(document_id, start_offset);
    CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (annotation_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX annotation_tags_tag ON annotation_tags(tag COLLATE NOCASE);
    CREATE TABLE palette (
        color TEXT PRIMARY KEY,
        meaning TEXT NOT NULL,
        position INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO palette (color, meaning, position) VALUES
        ('yellow', 'important', 0), ('green', 'evidence', 1), ('red', 'disputed', 2),
        ('blue', 'question', 3), ('purple', 'follow up', 4);
    CREATE TABLE annotation_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    """,
    # 5: library-wide identity. A link rewrites a mention's (or a claim speaker's) label and
    # name to the entity the library knows it as, keeping the analysis's own in the
    # analysed_* columns (NULL when no link applies) and saying why. Names whose meaning
    # the library cannot settle are listed with their candidates. "separate" is the user's
    # correction that keeps a name out of any automatic link.
    """
    ALTER TABLE mentions ADD COLUMN analysed_label TEXT;
    ALTER TABLE mentions ADD COLUMN analysed TEXT;
    ALTER TABLE mentions ADD COLUMN link_reason TEXT;
    CREATE INDEX mentions_analysed ON mentions(analysed_label, analysed);
    ALTER TABLE claims ADD COLUMN analysed_speaker_label TEXT;
    ALTER TABLE claims ADD COLUMN analysed_speaker TEXT;
    CREATE TABLE entity_ambiguities (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        candidates TEXT NOT NULL,
        PRIMARY KEY (document_id, label, name)
    ) WITHOUT ROWID;
    CREATE TABLE entity_corrections_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'relabel', 'hide', 'separate')),
        label TEXT NOT NULL,
        canonical TEXT NOT NULL,
        value TEXT,
        created_at TEXT NOT NULL
    );
    INSERT INTO entity_corrections_new SELECT * FROM entity_corrections;
    DROP TABLE entity_corrections;
    ALTER TABLE entity_corrections_new RENAME TO entity_corrections;
    """,
    # 6: documents whose analysis failed (error, took too long): listed for the user,
    # skipped by later imports, retried on request.
    """
    CREATE TABLE analysis_failures (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        analysis_version INTEGER NOT NULL,
        failed_at TEXT NOT NULL
    );
    """,
    # 7: key claims, how an inferred speaker was found (and the sentence naming them), and
    # the user's claim corrections, kept apart from the analysis so re-analysis keeps them.
    """
    ALTER TABLE claims ADD COLUMN is_key INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN inferred TEXT NOT NULL DEFAULT '';
    ALTER TABLE claims ADD COLUMN named_start INTEGER;
    ALTER TABLE claims ADD COLUMN named_end INTEGER;
    CREATE TABLE claim_corrections (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        speaker_label TEXT,
        kind TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, start_offset)
    ) WITHOUT ROWID;
    """,
    # 8: the library listing, newest first (undated last: SQLite sorts NULL lowest), read
    # page by page from this index instead of sorting every document.
    """
    CREATE INDEX documents_newest ON documents(published_key);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def upgrade_statements(version: int) -> list[str]:
    """The SQL statements that upgrade a database of ``version`` to the next."""
    return [part.strip() for part in MIGRATIONS[version].split(";") if part.strip()]
