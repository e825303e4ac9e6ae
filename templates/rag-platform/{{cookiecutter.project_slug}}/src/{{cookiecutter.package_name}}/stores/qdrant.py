"""Qdrant: embedded local mode by default (a folder, no server), a Qdrant server with QDRANT_URL."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from qdrant_client import QdrantClient, models

from ..config import Settings
from ..errors import RagError
from .base import Hit, StoredChunk


class QdrantStore:
    """Chunks with collection, content hash, heading and page as payload; one index per embedder."""

    WRITE_SLICE = 16
    """Points written per lock hold."""

    def __init__(self, settings: Settings, space: str) -> None:
        self.prefix = settings.collection
        self.space = space
        self.server = bool(settings.qdrant_url)
        # Local mode keeps numpy arrays and an sqlite file behind one lock: serialise each call
        # (never a whole ingest: writers take it per batch, so a search waits one batch at most).
        self._lock = threading.RLock()
        self.client: QdrantClient
        if settings.qdrant_url:
            self.location = settings.qdrant_url
            self.client = QdrantClient(
                url=settings.qdrant_url, api_key=settings.qdrant_api_key, timeout=10
            )
        else:
            self.location = str(settings.qdrant_path)
            settings.qdrant_path.mkdir(parents=True, exist_ok=True)
            try:
                self.client = QdrantClient(path=self.location)
            except RuntimeError as exc:  # the folder is locked by another process
                raise RagError(
                    f"the embedded Qdrant folder {self.location} is in use by another process "
                    "(is the server running?): stop it, upload through POST /documents, "
                    "or set QDRANT_URL to use a Qdrant server"
                ) from exc
            self._tune_local_files()

    def _tune_local_files(self) -> None:
        """Embedded mode commits every point on its own, with a full fsync each: ~100 points/s
        on a slow disk. WAL with synchronous=NORMAL keeps every commit crash-safe for the app
        (only a power cut can lose the last moments) and is two orders of magnitude faster."""
        local = getattr(self.client, "_client", None)
        for collection in getattr(local, "collections", {}).values():
            storage = getattr(getattr(collection, "storage", None), "storage", None)
            if storage is not None and not getattr(collection, "_rag_tuned", False):
                storage.execute("PRAGMA journal_mode=WAL")
                storage.execute("PRAGMA synchronous=NORMAL")
                collection._rag_tuned = True

    def _name(self, collection: str) -> str:
        # One Qdrant collection per embedder space and document collection: searches need no
        # payload filter (embedded mode evaluates filters in Python, point by point).
        return f"{self.prefix}-{self.space}__{collection}"

    def describe(self) -> str:
        return (
            f"qdrant server {self.location}" if self.server else f"qdrant embedded {self.location}"
        )

    def use_space(self, space: str) -> None:
        self.space = space

    def spaces(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._lock:
            for c in self.client.get_collections().collections:
                if not c.name.startswith(f"{self.prefix}-") or "__" not in c.name:
                    continue
                space = c.name.removeprefix(f"{self.prefix}-").split("__", 1)[0]
                counts[space] = counts.get(space, 0) + self.client.count(c.name, exact=True).count
        return dict(sorted(counts.items()))

    def _exists(self, name: str) -> bool:
        return self.client.collection_exists(name)

    def _ensure(self, name: str, dim: int) -> None:
        if self._exists(name):
            return
        self.client.create_collection(
            name, vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE)
        )
        if self.server:  # payload indexes only exist on a server
            self.client.create_payload_index(
                name, "content_hash", field_schema=models.PayloadSchemaType.KEYWORD
            )
        else:
            self._tune_local_files()

    def has_content(self, collection: str, content_hash: str) -> bool:
        name = self._name(collection)
        first = StoredChunk(collection, content_hash, 0, "", None, "").point_id
        with self._lock:
            if not self._exists(name):
                return False
            return bool(self.client.retrieve(name, [first], with_payload=False))
    # aieng:stage 2 begin

    def upsert(self, chunks: Sequence[StoredChunk], vectors: Sequence[Sequence[float]]) -> None:
        by_collection: dict[str, list[models.PointStruct]] = {}
        for chunk, vector in zip(chunks, vectors, strict=True):
            by_collection.setdefault(chunk.collection, []).append(
                models.PointStruct(
                    id=chunk.point_id,
                    vector=list(vector),
                    payload={
                        "collection": chunk.collection,
                        "content_hash": chunk.content_hash,
                        "chunk_index": chunk.chunk_index,
                        "heading": chunk.heading,
                        "page": chunk.page,
                        "text": chunk.text,
                    },
                )
            )
        for collection, points in by_collection.items():
            name = self._name(collection)
            # Small slices, one lock each: a search waits for at most one slice's write.
            for start in range(0, len(points), self.WRITE_SLICE):
                with self._lock:
                    self._ensure(name, len(vectors[0]))
                    self.client.upsert(
                        name, points=points[start : start + self.WRITE_SLICE], wait=True
                    )
    # aieng:stage 2 stub

    def upsert(self, chunks: Sequence[StoredChunk], vectors: Sequence[Sequence[float]]) -> None:
        """Write each chunk with its vector as one point; writing a chunk again replaces it.

        The point's id is `chunk.point_id` (derived from collection, content hash and index,
        so a second write replaces the point instead of adding one); its payload holds the
        chunk's collection, content_hash, chunk_index, heading, page and text (what a search
        returns). Points go to the Qdrant collection `self._name(chunk.collection)`, created
        first with `self._ensure(name, len(vector))`. Write at most `self.WRITE_SLICE` points
        per `self.client.upsert(name, points=..., wait=True)`, each slice under `self._lock`.
        """
        raise NotImplementedError("stage 2: store each chunk as a point with its payload")
    # aieng:stage 2 end

    def delete_content(self, collection: str, content_hash: str, chunks: int) -> int:
        name = self._name(collection)
        # Point ids derive from (collection, hash, index): delete by id, no filter scan.
        ids: list[models.ExtendedPointId] = [
            StoredChunk(collection, content_hash, i, "", None, "").point_id for i in range(chunks)
        ]
        with self._lock:
            if not self._exists(name) or not ids:
                return 0
            self.client.delete(name, points_selector=models.PointIdsList(points=ids), wait=True)
        return len(ids)

    def count(self) -> int:
        return self.spaces().get(self.space, 0)
    # aieng:stage 3 begin "Vector retrieval"

    def search(
        self,
        vector: Sequence[float],
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        query_filter = None
        if content_hashes is not None:
            query_filter = models.Filter(
                must=[
                    models.FieldCondition(
                        key="content_hash", match=models.MatchAny(any=list(content_hashes))
                    )
                ]
            )
        hits: list[Hit] = []
        for collection in collections:
            name = self._name(collection)
            with self._lock:
                if not self._exists(name):
                    continue
                response = self.client.query_points(
                    name,
                    query=list(vector),
                    query_filter=query_filter,
                    limit=limit,
                    with_payload=True,
                )
            for p in response.points:
                payload = p.payload or {}
                hits.append(
                    Hit(
                        collection=collection,
                        content_hash=payload["content_hash"],
                        chunk_index=payload.get("chunk_index", 0),
                        heading=payload.get("heading", ""),
                        page=payload.get("page"),
                        text=payload["text"],
                        score=float(p.score),
                        similarity=float(p.score),
                    )
                )
        return sorted(hits, key=lambda h: h.score, reverse=True)[:limit]
    # aieng:stage 3 stub

    def search(
        self,
        vector: Sequence[float],
        limit: int,
        collections: Sequence[str],
        content_hashes: Sequence[str] | None = None,
    ) -> list[Hit]:
        """The `limit` chunks nearest to `vector` across `collections`, most similar first.

        Ask each collection's Qdrant collection (`self._name(collection)`; skip one that does
        not exist) with `self.client.query_points(name, query=..., limit=limit,
        with_payload=True)` under `self._lock`. When `content_hashes` is given, keep only
        chunks with those hashes (a `models.Filter` on the `content_hash` payload key). Each
        point becomes a Hit from its payload, with `score` and `similarity` both the point's
        score (the cosine similarity). Merge the collections' hits and cut to `limit`.
        """
        raise NotImplementedError("stage 3: search each collection for the nearest points")
    # aieng:stage 3 end

    def close(self) -> None:
        with self._lock:
            self.client.close()
