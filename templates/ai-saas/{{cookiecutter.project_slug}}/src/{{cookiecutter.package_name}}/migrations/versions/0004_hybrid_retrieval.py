"""hybrid retrieval: chunk embeddings (pgvector on Postgres) and keyword indexes

Postgres: the `vector` extension (pgvector) and a stored tsvector with a GIN index.
SQLite: an FTS5 table kept in step with `chunks` by triggers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE chunks_fts USING fts5("
    "text, content='chunks', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN "
    "INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN "
    "INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text ON chunks BEGIN "
    "INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        try:
            op.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except sa.exc.DBAPIError as exc:
            raise RuntimeError(
                "PostgreSQL needs the pgvector extension (e.g. the pgvector/pgvector:pg16 image, "
                "or `apt install postgresql-16-pgvector`)"
            ) from exc
        from pgvector.sqlalchemy import Vector

        vector: sa.types.TypeEngine = Vector()
    else:
        vector = sa.LargeBinary()
    with op.batch_alter_table("chunks") as batch:
        batch.add_column(sa.Column("embedding_model", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("embedding", vector, nullable=True))
    if dialect == "postgresql":  # a stored tsvector: ranking reads it instead of re-parsing
        op.execute(
            "ALTER TABLE chunks ADD COLUMN fts_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX ix_chunks_fts ON chunks USING gin (fts_vector)")
    elif dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_chunks_fts")
        op.execute("ALTER TABLE chunks DROP COLUMN IF EXISTS fts_vector")
    elif dialect == "sqlite":
        for name in ("chunks_fts_insert", "chunks_fts_delete", "chunks_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS chunks_fts")
    with op.batch_alter_table("chunks") as batch:
        batch.drop_column("embedding")
        batch.drop_column("embedding_model")
