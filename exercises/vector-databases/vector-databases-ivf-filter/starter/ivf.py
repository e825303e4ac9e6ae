"""A tiny inverted-file (IVF) vector index with metadata filtering."""

import numpy as np


class IVFIndex:
    def __init__(self, centroids: np.ndarray) -> None:
        self.centroids = np.asarray(centroids, dtype=float)
        # TODO: storage for ids, vectors, metadata and one inverted list per centroid

    def add(self, ids: list[str], vectors: np.ndarray, metadata: list[dict]) -> None:
        """Assign each vector to its nearest centroid's list."""
        # TODO
        raise NotImplementedError

    def list_sizes(self) -> list[int]:
        """Number of vectors in each inverted list."""
        # TODO
        raise NotImplementedError

    def search(self, query: np.ndarray, k: int, nprobe: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Up to k (id, squared distance) pairs from the nprobe nearest lists, filtered during the search."""
        # TODO
        raise NotImplementedError


def exact_search(query: np.ndarray, ids: list[str], vectors: np.ndarray, k: int) -> list[tuple[str, float]]:
    """Brute-force k nearest (id, squared distance), ties by id."""
    # TODO
    raise NotImplementedError


def recall_at_k(approx_ids: list[str], exact_ids: list[str]) -> float:
    """Share of exact_ids present in approx_ids."""
    # TODO
    raise NotImplementedError
