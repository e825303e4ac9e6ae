"""Ingestion: hash, extract, chunk, then embed and store in batches across documents.

Identity is (collection, doc_id): an explicit id (a folder ingest uses the relative path) is
replaced when its content changes; an upload without one gets `<name>#<hash>`, so two different
files with one name are two documents. Identical content is stored once and shared.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from ..errors import DocumentError
from ..observability.metrics import Metrics
from ..priority import searches
from ..retrieval.embedders import Embedder
from ..retrieval.keyword import KeywordIndex
from ..stores.base import StoredChunk, VectorStore
from .catalog import Actor, Catalog, Document, check_doc_id, check_owner
from .chunking import chunk_document
from .loaders import extract_text, is_supported

log = logging.getLogger(__name__)

WRITE_STEP = 8
"""Chunks per store write: a search that arrives waits for at most one such write."""
Status = Literal["added", "updated", "unchanged", "skipped", "failed"]


@dataclass(frozen=True)
class Upload:
    """One document to ingest: what to call it, its bytes, and its id if the caller gives one."""

    source: str
    data: bytes
    doc_id: str | None = None


@dataclass(frozen=True)
class IngestResult:
    source: str
    status: Status
    doc_id: str = ""
    chunks: int = 0
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Pending:
    """A prepared document waiting for its chunks to be embedded and stored."""

    doc: Document
    previous: Document | None
    chunks: list[StoredChunk] = field(default_factory=list)
    shared: bool = False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Ingestor:
    def __init__(
        self,
        store: VectorStore,
        keywords: KeywordIndex,
        catalog: Catalog,
        embedder: Embedder,
        chunk_size: int,
        chunk_overlap: int,
        batch: int = 64,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.keywords = keywords
        self.catalog = catalog
        self.embedder = embedder
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.batch = batch
        self.metrics = metrics

    def digest(self, data: bytes) -> str:
        # The chunking settings are part of the hash: changing them re-chunks on the next ingest.
        return hashlib.sha256(data).hexdigest() + f":{self.chunk_size}/{self.chunk_overlap}"

    def ingest(
        self,
        uploads: Iterable[Upload],
        collection: str,
        actor: Actor,
        progress: Callable[[IngestResult], None] | None = None,
    ) -> list[IngestResult]:
        """Ingest documents; chunks are embedded and written `batch` at a time across documents."""
        results: list[IngestResult] = []
        group: list[_Pending] = []
        pending_hashes: set[str] = set()

        def report(result: IngestResult) -> None:
            results.append(result)
            self._count(result)
            if progress:
                progress(result)

        for upload in uploads:
            searches.checkpoint()
            prepared = self._prepare(upload, collection, actor, pending_hashes)
            if isinstance(prepared, IngestResult):
                report(prepared)
                continue
            group.append(prepared)
            pending_hashes.add(prepared.doc.content_hash)
            if sum(len(p.chunks) for p in group) >= self.batch:
                for result in self._commit(group):
                    report(result)
                group, pending_hashes = [], set()
        for result in self._commit(group):
            report(result)
        return results

    def _prepare(
        self, upload: Upload, collection: str, actor: Actor, pending: set[str]
    ) -> _Pending | IngestResult:
        source = upload.source
        if not is_supported(source):
            return IngestResult(source, "skipped", detail="unsupported file type")
        digest = self.digest(upload.data)
        doc_id = check_doc_id(upload.doc_id or f"{source}#{digest[:12]}")
        previous = self.catalog.get(collection, doc_id)
        check_owner(previous, actor)
        if previous and previous.content_hash == digest:
            return IngestResult(source, "unchanged", doc_id, previous.chunks, "content unchanged")
        now = _now()
        doc = Document(
            collection=collection,
            doc_id=doc_id,
            source=source,
            content_hash=digest,
            owner=previous.owner if previous else actor.id,
            chunks=0,
            created_at=previous.created_at if previous else now,
            updated_at=now,
        )
        if digest in pending or self.keywords.has_content(collection, digest):
            return _Pending(doc, previous, shared=True)  # stored once, referenced again
        try:
            text = extract_text(source, upload.data)
        except DocumentError as exc:
            return IngestResult(source, "failed", doc_id, detail=str(exc))
        chunks = chunk_document(text, self.chunk_size, self.chunk_overlap)
        if not chunks:
            return IngestResult(source, "failed", doc_id, detail="no text found")
        stored = [
            StoredChunk(collection, digest, c.index, c.heading, c.page, c.text) for c in chunks
        ]
        return _Pending(doc, previous, stored)

    def _commit(self, group: Sequence[_Pending]) -> list[IngestResult]:
        """Embed and store the group's chunks in batches, then record its documents."""
        chunks = [c for p in group for c in p.chunks]
        for start in range(0, len(chunks), self.batch):
            batch = chunks[start : start + self.batch]
            searches.checkpoint()
            vectors = self.embedder.embed([c.text for c in batch])
            for at in range(0, len(batch), WRITE_STEP):
                searches.checkpoint()
                self.store.upsert(batch[at : at + WRITE_STEP], vectors[at : at + WRITE_STEP])
            searches.checkpoint()
            self.keywords.add(batch)
        results = []
        for p in group:
            doc = p.doc
            count = len(p.chunks) or self.keywords.count_content(doc.collection, doc.content_hash)
            doc = Document(**{**p.doc.to_dict(), "chunks": count})
            self.catalog.put(doc)
            if p.previous and p.previous.content_hash != doc.content_hash:
                self._drop_unreferenced(p.previous.collection, p.previous.content_hash)
            detail = "identical content already stored: shared" if p.shared else ""
            status: Status = "updated" if p.previous else "added"
            results.append(IngestResult(doc.source, status, doc.doc_id, count, detail))
        return results

    def _drop_unreferenced(self, collection: str, content_hash: str) -> int:
        if self.catalog.references(collection, content_hash):
            return 0
        chunks = self.keywords.delete_content(collection, content_hash)
        return self.store.delete_content(collection, content_hash, chunks)

    def delete(self, collection: str, doc_id: str, actor: Actor) -> Document | None:
        """Remove a document; its chunks go too unless another document shares them."""
        doc = self.catalog.get(collection, doc_id)
        if doc is None:
            return None
        check_owner(doc, actor)
        self.catalog.delete(collection, doc_id)
        self._drop_unreferenced(collection, doc.content_hash)
        return doc

    def reembed(self, progress: Callable[[int], None] | None = None) -> int:
        """Embed every stored chunk again with the live embedder (after an embedder switch)."""
        done = 0
        for chunks in self.keywords.contents():
            if self.store.has_content(chunks[0].collection, chunks[0].content_hash):
                continue
            for start in range(0, len(chunks), self.batch):
                batch = chunks[start : start + self.batch]
                self.store.upsert(batch, self.embedder.embed([c.text for c in batch]))
            done += len(chunks)
            if progress:
                progress(done)
        return done

    def _count(self, result: IngestResult) -> None:
        if self.metrics:
            self.metrics.ingested_documents.labels(result.status).inc()
            if result.status in ("added", "updated") and "shared" not in result.detail:
                self.metrics.ingested_chunks.inc(result.chunks)
        log.info("ingest", extra={"source": result.source, "status": result.status})

    def ingest_path(
        self,
        path: Path,
        collection: str,
        actor: Actor,
        progress: Callable[[IngestResult], None] | None = None,
    ) -> list[IngestResult]:
        """Ingest a file, or every supported file below a folder; the relative path is the id."""
        path = Path(path)
        if path.is_file():
            uploads: Iterable[Upload] = [Upload(path.name, path.read_bytes(), path.name)]
        elif path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            uploads = (
                Upload(rel, p.read_bytes(), rel)
                for p in files
                for rel in [p.relative_to(path).as_posix()]
            )
        else:
            raise DocumentError(f"{path}: no such file or folder")
        return self.ingest(uploads, collection, actor, progress)
