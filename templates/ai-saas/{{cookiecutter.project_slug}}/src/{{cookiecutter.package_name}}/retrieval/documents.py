"""Workspace documents: upload, processing (chunking) and retrieval for cited answers."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .errors import BadRequest
from .flavours import Flavour
from .models import Chunk, Document
from .tenancy import Access, get_document

log = logging.getLogger(__name__)

MAX_DOCUMENT_CHARS = 200_000
CHUNK_CHARS = 600
CHUNK_OVERLAP = 80
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in is it of on or our the this to "
    "was we what when where which who why with you your".split()
)


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
    db.execute(delete(Chunk).where(Chunk.document_id == document.id))
    db.delete(document)
    db.flush()


def sample_documents(flavour: Flavour) -> list[tuple[str, str]]:
    return [(sample.title, sample.content) for sample in flavour.samples]


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Split on paragraphs, packing them into chunks of about `size` characters."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        while len(paragraph) > size:  # a long paragraph: hard-split with overlap
            if current:
                chunks.append(current)
                current = ""
            chunks.append(paragraph[:size])
            paragraph = paragraph[size - overlap :]
        if current and len(current) + len(paragraph) + 2 > size:
            chunks.append(current)
            current = paragraph
        else:
            current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks


def process_document(db: Session, document_id: str, processed_by: str) -> bool:
    """Chunk one document. Idempotent; returns False when the document no longer exists."""
    document = db.get(Document, document_id)
    if document is None:
        return False
    document.status = "processing"
    db.flush()
    try:
        pieces = chunk_text(document.content)
        db.execute(delete(Chunk).where(Chunk.document_id == document.id))
        db.add_all(
            Chunk(document_id=document.id, workspace_id=document.workspace_id, ordinal=i, text=t)
            for i, t in enumerate(pieces)
        )
        document.chunk_count = len(pieces)
        document.status = "ready"
        document.error = None
    except Exception as exc:  # noqa: BLE001 - recorded on the document for the user to see
        log.exception("document processing failed", extra={"document_id": document_id})
        document.status = "failed"
        document.error = str(exc)[:500]
    document.processed_by = processed_by
    db.flush()
    return True


def tokenize(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


@dataclass(frozen=True)
class Hit:
    """One retrieved passage; `n` is its source number in the prompt and the citations."""

    n: int
    document_id: str
    title: str
    text: str
    score: float


def search(db: Session, workspace_id: str, query: str, k: int = 4) -> list[Hit]:
    """BM25 over the workspace's ready chunks. Never looks outside `workspace_id`.

    Lexical scoring keeps the default install offline and dependency-free; swap in Ollama
    embeddings (or pgvector on Postgres) here when the collections grow.
    """
    terms = tokenize(query)
    if not terms:
        return []
    rows = db.execute(
        select(Chunk.document_id, Chunk.text, Document.title)
        .join(Document, Document.id == Chunk.document_id)
        .where(
            Chunk.workspace_id == workspace_id,
            Document.workspace_id == workspace_id,
            Document.status == "ready",
        )
    ).all()
    if not rows:
        return []
    docs = [Counter(tokenize(f"{title} {text}")) for _, text, title in rows]
    avg_len = sum(sum(d.values()) for d in docs) / len(docs) or 1.0
    df = Counter(term for d in docs for term in set(d))
    scored = []
    for (document_id, text, title), counts in zip(rows, docs, strict=True):
        length = sum(counts.values())
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (len(docs) - df[term] + 0.5) / (df[term] + 0.5))
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avg_len))
        if score > 0:
            scored.append((score, document_id, title, text))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [
        Hit(n=i, document_id=d, title=t, text=x, score=round(s, 4))
        for i, (s, d, t, x) in enumerate(scored[:k], start=1)
    ]
