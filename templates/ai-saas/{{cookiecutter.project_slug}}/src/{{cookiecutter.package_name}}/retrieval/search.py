"""Hybrid retrieval inside one workspace: keywords and embeddings, fused by rank.

- Keywords: SQLite FTS5 (bm25) or Postgres full-text search (a GIN index), so a question
  never scans every passage in Python.
- Embeddings: pgvector's cosine distance on Postgres; on SQLite the workspace's vectors are
  compared with numpy in one matrix product.
- Reciprocal-rank fusion merges the two lists: passages found by both rank first, and either
  signal alone still finds something (exact terms, or paraphrases with a real model).

Every query filters on the workspace id and on ready documents.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
# aieng:stage 3 begin
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from ..models import Chunk, Document
# aieng:stage 3 stub
from sqlalchemy import text
from sqlalchemy.orm import Session

# aieng:stage 3 end
from .embeddings import Embedder

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in is it of on or our the this to "
    "was we what when where which who why with you your".split()
)
CANDIDATES = 20
RRF_K = 60


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


def keyword_ids(db: Session, workspace_id: str, terms: Sequence[str], limit: int) -> list[int]:
    """Chunk ids ranked by full-text relevance (any of the terms)."""
    if not terms:
        return []
    unique = list(dict.fromkeys(terms))[:32]  # terms are [a-z0-9]+: safe in either syntax
    if db.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE c.workspace_id = :ws AND d.status = 'ready' "
            "AND c.fts_vector @@ to_tsquery('english', :q) "
            "ORDER BY ts_rank(c.fts_vector, to_tsquery('english', :q)) DESC "
            "LIMIT :limit"
        )
        q = " | ".join(unique)
    else:
        query = text(
            "SELECT c.id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
            "JOIN documents d ON d.id = c.document_id "
            "WHERE chunks_fts MATCH :q AND c.workspace_id = :ws AND d.status = 'ready' "
            "ORDER BY bm25(chunks_fts) LIMIT :limit"
        )
        q = " OR ".join(f'"{t}"' for t in unique)
    return list(db.scalars(query, {"ws": workspace_id, "q": q, "limit": limit}))


def vector_ids(
    db: Session, workspace_id: str, model: str, vector: list[float], limit: int
) -> list[int]:
    """Chunk ids ranked by cosine similarity to `vector` (same embedder only)."""
    if db.get_bind().dialect.name == "postgresql":  # pgvector: cosine distance, in SQL
        nearest = text(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE c.workspace_id = :ws AND d.status = 'ready' AND c.embedding_model = :model "
            "ORDER BY c.embedding <=> CAST(:q AS vector) LIMIT :limit"
        )
        literal = "[" + ",".join(f"{v:.7g}" for v in vector) + "]"
        params = {"ws": workspace_id, "model": model, "q": literal, "limit": limit}
        return list(db.scalars(nearest, params))
    ids, matrix = _workspace_matrix(db, workspace_id, model)
    if not len(ids):
        return []
    query = np.asarray(vector, dtype=np.float32)
    if matrix.shape[1] != query.shape[0]:
        return []
    scores = matrix @ (query / (np.linalg.norm(query) or 1.0))  # rows are unit length
    top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
    best = top[np.argsort(-scores[top])]
    return [int(ids[i]) for i in best if scores[i] > 0]


# SQLite keeps no vector index, so each process keeps the workspace's vectors as one numpy
# matrix, reloaded only when the workspace's passages change (their count or newest id).
_MATRICES: OrderedDict[tuple[str, str, str], tuple[tuple[int, int], np.ndarray, np.ndarray]] = (
    OrderedDict()
)
_MAX_CACHED = 8


def _workspace_matrix(db: Session, workspace_id: str, model: str) -> tuple[np.ndarray, np.ndarray]:
    params = {"ws": workspace_id, "model": model}
    # answered from the workspace index alone (it holds the rowid), without reading passages
    count, newest = db.execute(
        text("SELECT count(*), coalesce(max(id), 0) FROM chunks WHERE workspace_id = :ws"),
        {"ws": workspace_id},
    ).one()
    key = (str(db.get_bind().engine.url), workspace_id, model)
    cached = _MATRICES.get(key)
    if cached and cached[0] == (count, newest):
        _MATRICES.move_to_end(key)
        return cached[1], cached[2]
    rows = db.execute(
        text(
            "SELECT c.id, c.embedding FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE c.workspace_id = :ws AND d.status = 'ready' AND c.embedding_model = :model"
        ),
        params,
    ).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    blob = b"".join(r[1] for r in rows)
    matrix = (
        np.frombuffer(blob, dtype=np.float32).reshape(len(rows), -1)
        if rows
        else np.zeros((0, 0), np.float32)
    )
    _MATRICES[key] = ((count, newest), ids, matrix)
    while len(_MATRICES) > _MAX_CACHED:
        _MATRICES.popitem(last=False)
    return ids, matrix
# aieng:stage 3 begin


def fuse(*rankings: list[int]) -> dict[int, float]:
    """Reciprocal-rank fusion: sum of 1 / (60 + rank) over the lists an id appears in."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return scores


def search(
    db: Session, workspace_id: str, query: str, embedder: Embedder | None = None, k: int = 4
) -> list[Hit]:
    """The k best passages of the workspace for `query`, numbered 1..k."""
    terms = tokenize(query)
    if not terms:
        return []
    keyword = keyword_ids(db, workspace_id, terms, CANDIDATES)
    semantic: list[int] = []
    if embedder is not None:
        try:
            vector = embedder.embed([query])[0]
            semantic = vector_ids(db, workspace_id, embedder.name, vector, CANDIDATES)
        except Exception as exc:  # noqa: BLE001 - embeddings down: keywords still answer
            log.warning("query embedding failed", extra={"error": type(exc).__name__})
    scores = fuse(keyword, semantic)
    best = sorted(scores, key=lambda i: scores[i], reverse=True)[:k]
    if not best:
        return []
    rows = db.execute(
        select(Chunk.id, Chunk.document_id, Chunk.text, Document.title)
        .join(Document, Document.id == Chunk.document_id)
        .where(
            Chunk.workspace_id == workspace_id,
            Document.status == "ready",
            Chunk.id.in_(bindparam("ids", expanding=True)),
        ),
        {"ids": best},
    ).all()
    by_id = {r[0]: r for r in rows}
    return [
        Hit(
            n=n,
            document_id=by_id[i][1],
            title=by_id[i][3],
            text=by_id[i][2],
            score=round(scores[i], 5),
        )
        for n, i in enumerate((i for i in best if i in by_id), start=1)
    ]
# aieng:stage 3 stub


def fuse(*rankings: list[int]) -> dict[int, float]:
    """Reciprocal-rank fusion: sum of 1 / (60 + rank) over the lists an id appears in.

    Ranks start at 1; an id found by both rankings beats one found by only one of them.
    See STAGES.md, stage 3.
    """
    raise NotImplementedError("stage 3: fuse the rankings by reciprocal rank")


def search(
    db: Session, workspace_id: str, query: str, embedder: Embedder | None = None, k: int = 4
) -> list[Hit]:
    """The k best passages of the workspace for `query`, numbered 1..k.

    `tokenize` the query (no terms: no hits); rank chunk ids with `keyword_ids` and, when an
    embedder is given and answers, `vector_ids` (a failing embedder must not fail the
    search); `fuse` the two; load the best k chunks of THIS workspace's ready documents and
    return them as `Hit`s numbered from 1 in rank order. See STAGES.md, stage 3.
    """
    raise NotImplementedError("stage 3: rank the workspace's passages by keywords and vectors")
# aieng:stage 3 end
