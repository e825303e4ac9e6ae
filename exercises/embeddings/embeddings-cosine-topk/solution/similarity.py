"""Cosine similarity and deterministic top-k search over embeddings."""

import numpy as np


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x, dtype=float), where=norms > 0)


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of the angle between a and b (0.0 if either is a zero vector)."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        return 0.0
    return float(np.dot(a, b) / (na * nb))


def cosine_matrix(queries: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """(m, d) x (n, d) -> (m, n) cosine similarities."""
    return _unit_rows(np.asarray(queries, dtype=float)) @ _unit_rows(np.asarray(docs, dtype=float)).T


def top_k(query: np.ndarray, docs: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k most similar docs as (index, score), best first, ties by lower index."""
    if k <= 0 or len(docs) == 0:
        return []
    scores = cosine_matrix(np.asarray(query)[None, :], docs)[0]
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(i), float(scores[i])) for i in order]
