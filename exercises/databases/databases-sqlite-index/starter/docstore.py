"""Document metadata in SQLite: a schema with the right index and a parameterised query."""

import sqlite3


def create_schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE documents ("
        "id INTEGER PRIMARY KEY, source TEXT NOT NULL, created_at TEXT NOT NULL, title TEXT NOT NULL)"
    )
    # TODO: the index idx_documents_source_created


def latest_titles(conn: sqlite3.Connection, source: str, limit: int) -> list[str]:
    """Titles of the newest `limit` documents from `source`, newest first."""
    # TODO: one parameterised query
    raise NotImplementedError
