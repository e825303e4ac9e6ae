"""The vector store: Qdrant in embedded local mode by default, a Qdrant server with QDRANT_URL."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from qdrant_client import QdrantClient, models

from .chunking import Chunk
from .config import Settings
from .errors import RagError

_NAMESPACE = uuid.UUID("6f1c5d2e-7a34-4b8e-9c1d-2e3f4a5b6c7d")


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk and its similarity score."""

    source: str
    heading: str
    chunk_index: int
    text: str
    score: float


class VectorStore:
    """Chunks with source, heading and content hash as payload; one collection per embedder."""

    def __init__(self, settings: Settings, embedder_key: str) -> None:
        self.collection = f"{settings.collection}-{embedder_key}"
        self.server = bool(settings.qdrant_url)
        # Local mode keeps numpy arrays and an sqlite file behind one lock: serialise access.
        self._lock = threading.RLock()
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

    def describe(self) -> str:
        return (
            f"qdrant server {self.location}" if self.server else f"qdrant embedded {self.location}"
        )

    def _exists(self) -> bool:
        return self.client.collection_exists(self.collection)

    def _ensure(self, dim: int) -> None:
        if self._exists():
            return
        self.client.create_collection(
            self.collection,
            vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
        )
        if self.server:  # payload indexes only exist on a server; local mode scans anyway
            self.client.create_payload_index(
                self.collection, "source", field_schema=models.PayloadSchemaType.KEYWORD
            )

    @staticmethod
    def _source_filter(sources: Sequence[str]) -> models.Filter:
        return models.Filter(
            must=[models.FieldCondition(key="source", match=models.MatchAny(any=list(sources)))]
        )

    def source_hash(self, source: str) -> str | None:
        """The content hash stored with a source's chunks, or None if it was never ingested."""
        with self._lock:
            if not self._exists():
                return None
            points, _ = self.client.scroll(
                self.collection,
                scroll_filter=self._source_filter([source]),
                limit=1,
                with_payload=["content_hash"],
            )
        return points[0].payload["content_hash"] if points else None

    def replace_source(
        self,
        source: str,
        content_hash: str,
        chunks: Sequence[Chunk],
        vectors: Sequence[Sequence[float]],
    ) -> None:
        """Store the new chunks of `source`, then drop its old ones (so it is never missing)."""
        now = datetime.now(timezone.utc).isoformat()
        points = [
            models.PointStruct(
                id=str(uuid.uuid5(_NAMESPACE, f"{source}\x00{content_hash}\x00{chunk.index}")),
                vector=list(vector),
                payload={
                    "source": source,
                    "content_hash": content_hash,
                    "heading": chunk.heading,
                    "chunk_index": chunk.index,
                    "text": chunk.text,
                    "ingested_at": now,
                },
            )
            for chunk, vector in zip(chunks, vectors, strict=True)
        ]
        with self._lock:
            self._ensure(len(vectors[0]))
            self.client.upsert(self.collection, points=points, wait=True)
            stale = models.Filter(
                must=[models.FieldCondition(key="source", match=models.MatchValue(value=source))],
                must_not=[
                    models.FieldCondition(
                        key="content_hash", match=models.MatchValue(value=content_hash)
                    )
                ],
            )
            self.client.delete(
                self.collection, points_selector=models.FilterSelector(filter=stale), wait=True
            )

    def delete_source(self, source: str) -> int:
        """Remove a source's chunks; return how many there were."""
        with self._lock:
            if not self._exists():
                return 0
            count = self.client.count(
                self.collection, count_filter=self._source_filter([source]), exact=True
            ).count
            if count:
                self.client.delete(
                    self.collection,
                    points_selector=models.FilterSelector(filter=self._source_filter([source])),
                    wait=True,
                )
        return count

    def sources(self) -> dict[str, int]:
        """Every ingested source with its number of chunks."""
        counts: Counter[str] = Counter()
        with self._lock:
            if not self._exists():
                return {}
            offset = None
            while True:
                points, offset = self.client.scroll(
                    self.collection, limit=256, offset=offset, with_payload=["source"]
                )
                counts.update(p.payload["source"] for p in points)
                if offset is None:
                    break
        return dict(sorted(counts.items()))

    def count(self) -> int:
        with self._lock:
            if not self._exists():
                return 0
            return self.client.count(self.collection, exact=True).count

    def search(
        self, vector: Sequence[float], limit: int, sources: Sequence[str] | None = None
    ) -> list[Hit]:
        """Nearest chunks by cosine similarity, optionally only from some sources."""
        with self._lock:
            if not self._exists():
                return []
            response = self.client.query_points(
                self.collection,
                query=list(vector),
                query_filter=self._source_filter(sources) if sources else None,
                limit=limit,
                with_payload=True,
            )
        return [
            Hit(
                source=p.payload["source"],
                heading=p.payload.get("heading", ""),
                chunk_index=p.payload.get("chunk_index", 0),
                text=p.payload["text"],
                score=float(p.score),
            )
            for p in response.points
        ]

    def close(self) -> None:
        with self._lock:
            self.client.close()
