"""Document metadata in SQLite: a schema with the right index and a parameterised query."""

import sqlite3


def create_schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE documents ("
        "id INTEGER PRIMARY KEY, source TEXT NOT NULL, created_at TEXT NOT NULL, title TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX idx_documents_source_created ON documents(source, created_at)")


def latest_titles(conn: sqlite3.Connection, source: str, limit: int) -> list[str]:
    """Titles of the newest `limit` documents from `source`, newest first."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    rows = conn.execute(
        "SELECT title FROM documents WHERE source = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        (source, limit),
    )
    return [row[0] for row in rows]
