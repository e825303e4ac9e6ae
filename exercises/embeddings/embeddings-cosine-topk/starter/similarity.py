"""Cosine similarity and deterministic top-k search over embeddings."""

import numpy as np


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of the angle between a and b (0.0 if either is a zero vector)."""
    # TODO
    raise NotImplementedError


def cosine_matrix(queries: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """(m, d) x (n, d) -> (m, n) cosine similarities."""
    # TODO
    raise NotImplementedError


def top_k(query: np.ndarray, docs: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k most similar docs as (index, score), best first, ties by lower index."""
    # TODO
    raise NotImplementedError
