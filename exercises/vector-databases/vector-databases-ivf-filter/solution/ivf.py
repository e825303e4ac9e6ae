"""A tiny inverted-file (IVF) vector index with metadata filtering."""

import numpy as np


def _sq_dist(points: np.ndarray, query: np.ndarray) -> np.ndarray:
    return np.sum((points - query) ** 2, axis=-1)


def _rank(ids: list[str], dists: np.ndarray, k: int) -> list[tuple[str, float]]:
    pairs = sorted(zip(ids, (float(d) for d in dists), strict=True), key=lambda p: (p[1], p[0]))
    return pairs[:k]


class IVFIndex:
    def __init__(self, centroids: np.ndarray) -> None:
        self.centroids = np.asarray(centroids, dtype=float)
        self.ids: list[str] = []
        self.vectors: list[np.ndarray] = []
        self.metadata: list[dict] = []
        self.lists: list[list[int]] = [[] for _ in range(len(self.centroids))]

    def add(self, ids: list[str], vectors: np.ndarray, metadata: list[dict]) -> None:
        """Assign each vector to its nearest centroid's list."""
        for doc_id, vector, meta in zip(ids, np.asarray(vectors, dtype=float), metadata, strict=True):
            nearest = int(np.argmin(_sq_dist(self.centroids, vector)))  # argmin: lowest index on ties
            self.lists[nearest].append(len(self.ids))
            self.ids.append(doc_id)
            self.vectors.append(vector)
            self.metadata.append(meta)

    def list_sizes(self) -> list[int]:
        """Number of vectors in each inverted list."""
        return [len(rows) for rows in self.lists]

    def search(self, query: np.ndarray, k: int, nprobe: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Up to k (id, squared distance) pairs from the nprobe nearest lists, filtered during the search."""
        query = np.asarray(query, dtype=float)
        probe = np.argsort(_sq_dist(self.centroids, query), kind="stable")[:nprobe]
        rows = [r for c in probe for r in self.lists[int(c)]]
        if where:
            rows = [r for r in rows if all(self.metadata[r].get(key) == value for key, value in where.items())]
        if not rows:
            return []
        dists = _sq_dist(np.stack([self.vectors[r] for r in rows]), query)
        return _rank([self.ids[r] for r in rows], dists, k)


def exact_search(query: np.ndarray, ids: list[str], vectors: np.ndarray, k: int) -> list[tuple[str, float]]:
    """Brute-force k nearest (id, squared distance), ties by id."""
    if len(ids) == 0:
        return []
    return _rank(list(ids), _sq_dist(np.asarray(vectors, dtype=float), np.asarray(query, dtype=float)), k)


def recall_at_k(approx_ids: list[str], exact_ids: list[str]) -> float:
    """Share of exact_ids present in approx_ids."""
    if not exact_ids:
        raise ValueError("exact_ids is empty")
    return len(set(approx_ids) & set(exact_ids)) / len(exact_ids)
