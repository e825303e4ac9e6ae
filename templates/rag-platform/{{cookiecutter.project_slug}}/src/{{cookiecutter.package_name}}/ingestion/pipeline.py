"""Ingestion: hash, extract, chunk, embed, store; skip unchanged files, replace changed ones."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from .chunking import chunk_document
from .embeddings import Embedder
from .errors import DocumentError
from .loaders import extract_text, is_supported
from .metrics import Metrics
from .store import VectorStore

log = logging.getLogger(__name__)

Status = Literal["added", "updated", "unchanged", "skipped", "failed"]


@dataclass(frozen=True)
class IngestResult:
    source: str
    status: Status
    chunks: int = 0
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


class Ingestor:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        chunk_size: int,
        chunk_overlap: int,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.metrics = metrics

    def ingest_bytes(self, source: str, data: bytes) -> IngestResult:
        """Ingest one document under the name `source` (its path or upload file name)."""
        result = self._ingest(source, data)
        if self.metrics:
            self.metrics.ingested_documents.labels(result.status).inc()
            self.metrics.ingested_chunks.inc(
                result.chunks if result.status in ("added", "updated") else 0
            )
        log.info(
            "ingest", extra={"source": source, "status": result.status, "chunks": result.chunks}
        )
        return result

    def _ingest(self, source: str, data: bytes) -> IngestResult:
        if not is_supported(source):
            return IngestResult(source, "skipped", detail="unsupported file type")
        # The chunking settings are part of the hash: changing them re-chunks on the next ingest.
        digest = hashlib.sha256(data).hexdigest() + f":{self.chunk_size}/{self.chunk_overlap}"
        previous = self.store.source_hash(source)
        if previous == digest:
            return IngestResult(source, "unchanged", detail="content hash unchanged")
        try:
            text = extract_text(source, data)
        except DocumentError as exc:
            return IngestResult(source, "failed", detail=str(exc))
        chunks = chunk_document(text, self.chunk_size, self.chunk_overlap)
        if not chunks:
            return IngestResult(source, "failed", detail="no text found")
        vectors = self.embedder.embed([chunk.text for chunk in chunks])
        self.store.replace_source(source, digest, chunks, vectors)
        return IngestResult(source, "updated" if previous else "added", chunks=len(chunks))

    def ingest_path(self, path: Path) -> list[IngestResult]:
        """Ingest a file, or every supported file below a folder (names relative to it)."""
        path = Path(path)
        if path.is_file():
            return [self.ingest_bytes(path.name, path.read_bytes())]
        if not path.is_dir():
            raise DocumentError(f"{path}: no such file or folder")
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        return [self.ingest_bytes(p.relative_to(path).as_posix(), p.read_bytes()) for p in files]
