"""Vector stores behind one interface: embedded/server Qdrant (default) or Postgres + pgvector."""

from __future__ import annotations

from ..config import Settings
from .base import Hit, StoredChunk, VectorStore


def open_store(settings: Settings, space: str) -> VectorStore:
    """The store the settings select: DATABASE_URL means Postgres + pgvector, else Qdrant."""
    if settings.database_url:
        from .pgvector import PgVectorStore  # deferred: psycopg is an optional extra

        return PgVectorStore(settings, space)
    from .qdrant import QdrantStore

    return QdrantStore(settings, space)


__all__ = ["Hit", "StoredChunk", "VectorStore", "open_store"]
