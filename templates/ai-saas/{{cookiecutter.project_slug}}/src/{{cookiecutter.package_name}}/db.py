"""Database engine and sessions: SQLite by default, Postgres (psycopg 3) when the URL says so."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, Table, create_engine, event, update
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


def normalize_url(url: str) -> str:
    """Map the usual `postgres://` / `postgresql://` spellings onto the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # hide_parameters: an error message must never carry an email or a password hash into a log
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


class Database:
    """One engine and its session factory, shared by the app or by one worker process."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def dispose(self) -> None:
        self.engine.dispose()


def serialize_on(db: Session, model: type[DeclarativeBase], row_id: str) -> None:
    """Take the write lock for one row until the session commits, on both engines.

    Postgres locks the row; SQLite has no row locks, but a write as the transaction's first
    statement takes the database's write lock, so concurrent check-then-write code (quotas,
    limits) runs one request at a time instead of every request reading the same old count.
    SELECT ... FOR UPDATE alone is ignored by SQLite.
    """
    table = cast(Table, model.__table__)
    key = table.primary_key.columns.values()[0]
    db.execute(update(table).where(key == row_id).values({key.name: key}))
