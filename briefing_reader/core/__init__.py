"""Qt-free core: documents, ingest, metadata, store and search index."""
