"""Postgres + pgvector behind the same interface as Qdrant (pip install ".[pgvector]").

DATABASE_URL=postgresql://... uses that server; DATABASE_URL=pgserver starts the PostgreSQL (with
pgvector) that the `pgserver` wheel ships, in data_dir/pg: a real engine, no Docker needed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from ..config import Settings
from ..errors import RagError
from .base import Hit, StoredChunk

try:  # optional extra: the error below says how to install it
    import psycopg
except ImportError:  # pragma: no cover - depends on the install
    psycopg = None  # type: ignore[assignment]


def start_pgserver(settings: Settings) -> tuple[str, Any]:
    """Start (or join) the pgserver PostgreSQL in data_dir/pg; return its URL and handle."""
    try:
        import pgserver  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise RagError(
            'DATABASE_URL=pgserver needs the pgvector extra: pip install -e ".[pgvector]"'
        ) from None
    folder = settings.data_dir / "pg"
    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode="stop")
    return server.get_uri(), server


HNSW_MAX_DIMS = 2000
"""The widest vector pgvector's HNSW index takes."""
PLAIN_MAX_DIMS = 1536
"""Up to 6 kB of floats fit an 8 kB page beside the row's other columns (its text is toasted)."""


def _vector(values: Sequence[float]) -> str:
    return "[" + ",".join(f"{float(v):.7g}" for v in values) + "]"


class PgVectorStore:
    """One table per embedder space; collection and content hash as columns.

    Small tables are searched exactly; the HNSW cosine index is built once a table reaches
    `HNSW_FROM_ROWS` chunks. Inserting into an HNSW graph costs far more than the insert itself
    (8 documents/s instead of 56 here), while an exact scan of a few thousand vectors is as
    quick as the index and finds the true nearest chunks, filters included.
    """

    HNSW_FROM_ROWS = 20_000
    CHECK_EVERY_ROWS = 1_000
    """Rows written between two checks of whether the index is due."""

    def __init__(self, settings: Settings, space: str) -> None:
        if psycopg is None:
            raise RagError('DATABASE_URL needs the pgvector extra: pip install -e ".[pgvector]"')
        self.prefix = re.sub(r"[^a-z0-9_]", "_", settings.collection.lower())
        self.space = space
        self._server = None
        url = settings.database_url or ""
        if url == "pgserver":
            url, self._server = start_pgserver(settings)
        self.url = url
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._unchecked_rows = 0
        try:
            conn = self._conn()
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            # Table names are sanitised; this registry maps each back to its embedder space.
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self.prefix}__spaces"
                " (space text PRIMARY KEY, table_name text NOT NULL)"
            )
        except psycopg.Error as exc:
            raise RagError(f"cannot use Postgres at {self.describe()}: {exc}") from None

    def _conn(self) -> Any:
        """One connection per thread (psycopg connections are not shared between threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, autocommit=True)
            # Filters apply after the HNSW scan: look at more candidates so filtered searches
            # (one collection among many) still fill their top k.
            conn.execute("SET hnsw.ef_search = 200")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def table(self) -> str:
        return f"{self.prefix}_{re.sub(r'[^a-z0-9_]', '_', self.space.lower())}"

    def describe(self) -> str:
        where = "pgserver (embedded)" if self._server else re.sub(r"//[^@/]*@", "//***@", self.url)
        return f"postgres+pgvector {where}"

    def use_space(self, space: str) -> None:
        self.space = space

    def _exists(self, table: str | None = None) -> bool:
        row = self._conn().execute("SELECT to_regclass(%s)", (table or self.table,)).fetchone()
        return row is not None and row[0] is not None

    def _ensure(self, dim: int) -> None:
        if self._exists():
            return
        t = self.table
        with self._conn().transaction():
            self._conn().execute(
                f"CREATE TABLE IF NOT EXISTS {t} (id uuid PRIMARY KEY, collection text NOT NULL,"
                " content_hash text NOT NULL, chunk_index int NOT NULL, heading text NOT NULL,"
                f" page int, text text NOT NULL, embedding vector({int(dim)}) NOT NULL)"
            )
            self._conn().execute(
                f"CREATE INDEX IF NOT EXISTS {t}_content ON {t} (collection, content_hash)"
            )
            # Vectors inline and uncompressed (floats barely compress), so a scan never
            # detoasts; only vectors too big for a page with the rest of the row may move out.
            storage = "PLAIN" if dim <= PLAIN_MAX_DIMS else "MAIN"
            self._conn().execute(f"ALTER TABLE {t} ALTER COLUMN embedding SET STORAGE {storage}")
            self._conn().execute(
                f"INSERT INTO {self.prefix}__spaces VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (self.space, t),
            )

    def spaces(self) -> dict[str, int]:
        rows = (
            self._conn()
            .execute(f"SELECT space, table_name FROM {self.prefix}__spaces ORDER BY space")
            .fetchall()
        )
        counts = {}
        for space, table in rows:
            if self._exists(table):
                (n,) = self._conn().execute(f"SELECT count(*) FROM {table}").fetchone()
                counts[space] = int(n)
        return counts

    def has_content(self, collection: str, content_hash: str) -> bool:
        if not self._exists():
            return False
        row = (
            self._conn()
            .execute(
                f"SELECT 1 FROM {self.table} WHERE collection = %s AND content_hash = %s LIMIT 1",
                (collection, content_hash),
            )
            .fetchone()
        )
        return row is not None

    def upsert(self, chunks: Sequence[StoredChunk], vectors: Sequence[Sequence[float]]) -> None:
        if not chunks:
            return
        self._ensure(len(vectors[0]))
        rows = [
            (
                c.point_id,
                c.collection,
                c.content_hash,
                c.chunk_index,
                c.heading,
                c.page,
                c.text,
                _vector(v),
            )
            for c, v in zip(chunks, vectors, strict=True)
        ]
        conn = self._conn()
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table} VALUES (%s, %s, %s, %s, %s, %s, %s, %s::vector)"
                " ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text,"
                " heading = EXCLUDED.heading, page = EXCLUDED.page,"
                " embedding = EXCLUDED.embedding",
                rows,
            )
        self._unchecked_rows += len(rows)
        if self._unchecked_rows >= self.CHECK_EVERY_ROWS:
            self._unchecked_rows = 0
            self.index_if_due()

    def has_index(self) -> bool:
        return self._exists(f"{self.table}_hnsw")

    def index_if_due(self) -> bool:
        """Build the HNSW index once the table is big enough; True when it exists."""
        if self.has_index():
            return True
        (rows,) = self._conn().execute(f"SELECT count(*) FROM {self.table}").fetchone()
        if rows < self.HNSW_FROM_ROWS:
            return False
        (dims,) = (
            self._conn()
            .execute(f"SELECT vector_dims(embedding) FROM {self.table} LIMIT 1")
            .fetchone()
        )
        if dims > HNSW_MAX_DIMS:
            return False  # pgvector cannot index it: exact search, slower but still right
        # Built once, by the writer (a background job): searches go on during the build.
        self._conn().execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_hnsw ON {self.table}"
            " USING hnsw (embedding vector_cosine_ops)"
        )
        return True

    def delete_content(self, collection: str, content_hash: str, chunks: int) -> int:
        if not self._exists():
            return 0
        cur = self._conn().execute(
            f"DELETE FROM {self.table} WHERE collection = %s AND content_hash = %s",
            (collection, content_hash),
        )
        return int(cur.rowcount)

    def count(self) -> int:
        if not self._exists():
            return 0
        (n,) = self._conn().execute(f"SELECT count(*) FROM {self.table}").fetchone()
        return int(n)

    def search(
        self,
        vector: Sequence[float],
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        if not self._exists():
            return []
        where, params = "collection = ANY(%s)", [list(collections)]
        if content_hashes is not None:
            where += " AND content_hash = ANY(%s)"
            params.append(list(content_hashes))
        rows = (
            self._conn()
            .execute(
                f"SELECT collection, content_hash, chunk_index, heading, page, text,"
                f" 1 - (embedding <=> %s::vector) FROM {self.table} WHERE {where}"
                f" ORDER BY embedding <=> %s::vector LIMIT %s",
                [_vector(vector), *params, _vector(vector), limit],
            )
            .fetchall()
        )
        return [
            Hit(
                collection=r[0],
                content_hash=r[1],
                chunk_index=r[2],
                heading=r[3],
                page=r[4],
                text=r[5],
                score=float(r[6]),
                similarity=float(r[6]),
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        if self._server is not None:
            self._server.cleanup()
            self._server = None
