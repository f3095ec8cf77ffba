"""Search backends: SQLite FTS5 (embedded), PostgreSQL (production); see base.SearchBackend."""
