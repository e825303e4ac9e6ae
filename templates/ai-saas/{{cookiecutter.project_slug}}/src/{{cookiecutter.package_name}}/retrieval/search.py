"""Retrieval inside one workspace: the passages that best match a question."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Chunk, Document
from .embeddings import Embedder

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in is it of on or our the this to "
    "was we what when where which who why with you your".split()
)


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


def search(
    db: Session, workspace_id: str, query: str, embedder: Embedder | None = None, k: int = 4
) -> list[Hit]:
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
