"""Workspace documents: add, delete, and process (chunk) them; retrieval is in search.py."""

from __future__ import annotations

import logging

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..errors import BadRequest
from ..flavours import Flavour
from ..models import Chunk, Document
from ..workspaces.access import Access
from ..workspaces.scoped import get_document
from ..workspaces.team import may_delete
from .chunking import chunk_text
from .embeddings import Embedder

log = logging.getLogger(__name__)

MAX_DOCUMENT_CHARS = 200_000


def add_document(db: Session, access: Access, title: str, content: str) -> Document:
    """Store a new document (status pending); the caller schedules its processing."""
    title, content = title.strip(), content.strip()
    if not title or len(title) > 200:
        raise BadRequest("Give the document a title of 1 to 200 characters.")
    if not content:
        raise BadRequest("The document is empty.")
    if len(content) > MAX_DOCUMENT_CHARS:
        raise BadRequest(f"Documents are limited to {MAX_DOCUMENT_CHARS:,} characters.")
    document = Document(
        workspace_id=access.workspace.id, title=title, content=content, created_by=access.user.id
    )
    db.add(document)
    db.flush()
    return document


def delete_document(db: Session, access: Access, document_id: str) -> None:
    """Delete a document of this workspace; its passages go with it (foreign-key cascade)."""
    document = get_document(db, access, document_id)
    may_delete(access, document.created_by)
    db.execute(delete(Chunk).where(Chunk.document_id == document.id))
    db.delete(document)
    db.flush()


def sample_documents(flavour: Flavour) -> list[tuple[str, str]]:
    return [(sample.title, sample.content) for sample in flavour.samples]


def process_document(
    db: Session, document_id: str, processed_by: str, embedder: Embedder | None = None
) -> bool:
    """Chunk and embed one document. Idempotent; False when the document no longer exists.

    A failed embedding call marks the document failed and raises, so a queued job is
    retried (with backoff) and succeeds once the model answers again.
    """
    document = db.get(Document, document_id)
    if document is None:
        return False
    document.status = "processing"
    document.processed_by = processed_by
    db.flush()
    pieces = chunk_text(document.content)
    try:
        vectors = embed_all(embedder, pieces) if embedder else [None] * len(pieces)
    except Exception as exc:
        log.warning("embedding failed", extra={"document_id": document_id, "error": str(exc)})
        document.status = "failed"
        document.error = f"Embeddings unavailable ({type(exc).__name__}); retrying."
        db.commit()
        raise
    db.execute(delete(Chunk).where(Chunk.document_id == document.id))
    db.add_all(
        Chunk(
            document_id=document.id,
            workspace_id=document.workspace_id,
            ordinal=i,
            text=piece,
            embedding=vector,
            embedding_model=embedder.name if embedder and vector is not None else None,
        )
        for i, (piece, vector) in enumerate(zip(pieces, vectors, strict=True))
    )
    document.chunk_count = len(pieces)
    document.status = "ready"
    document.error = None
    db.flush()
    return True


def embed_all(embedder: Embedder, pieces: list[str], batch: int = 64) -> list[list[float] | None]:
    vectors: list[list[float] | None] = []
    for start in range(0, len(pieces), batch):
        vectors.extend(embedder.embed(pieces[start : start + batch]))
    return vectors
