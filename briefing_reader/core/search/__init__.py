"""Full-text search over the library with Whoosh (derived from the SQLite store)."""
