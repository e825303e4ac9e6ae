"""The small SQLite file next to the vector store: keys, documents, evaluation runs."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    collections TEXT NOT NULL DEFAULT '*',
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    owner TEXT NOT NULL,
    chunks INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (collection, doc_id)
);
CREATE INDEX IF NOT EXISTS documents_by_hash ON documents (collection, content_hash);
CREATE TABLE IF NOT EXISTS eval_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    items TEXT NOT NULL
);
"""
_keepers: dict[Path, sqlite3.Connection] = {}
_ready_lock = threading.Lock()


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection (one per operation, so threads never share one); commits on exit.

    WAL mode lets readers (searches, key checks) go on while an ingest job writes.
    """
    with _ready_lock:
        if path not in _keepers:
            _keepers[path] = keep_open(path, _SCHEMA)
    conn = sqlite3.connect(path, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable, no fsync per commit
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def keep_open(path: Path, schema: str) -> sqlite3.Connection:
    """Create the schema, switch to WAL, and hold one connection open.

    SQLite checkpoints (and fsyncs) whenever the last connection to a WAL file closes; with
    one held open, the short-lived per-operation connections close for free.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    keeper = sqlite3.connect(path, timeout=30, check_same_thread=False)
    keeper.execute("PRAGMA journal_mode=WAL")
    keeper.executescript(schema)
    keeper.commit()
    return keeper


def release(path: Path) -> None:
    """Close the held connection of a state file (the service is shutting down)."""
    with _ready_lock:
        keeper = _keepers.pop(path, None)
    if keeper is not None:
        keeper.close()
