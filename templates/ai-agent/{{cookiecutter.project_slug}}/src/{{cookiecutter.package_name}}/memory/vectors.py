"""A vector index over one packed float32 matrix (numpy): cosine top-k in one matrix product."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def pack(vector: Sequence[float]) -> bytes:
    """A vector as float32 bytes for SQLite (a quarter of the size of JSON, and no parsing)."""
    return np.asarray(vector, dtype=np.float32).tobytes()


class VectorIndex:
    """Unit-normalised rows and their fact ids; rebuilt from SQLite when the facts change."""

    def __init__(self, ids: Sequence[int], blobs: Sequence[bytes]) -> None:
        dims = {len(b) for b in blobs}
        dim = max(dims, key=lambda d: sum(1 for b in blobs if len(b) == d)) if dims else 0
        keep = [(i, b) for i, b in zip(ids, blobs, strict=True) if len(b) == dim and dim]
        self.ids = np.array([i for i, _ in keep], dtype=np.int64)
        if keep:
            matrix = np.frombuffer(b"".join(b for _, b in keep), dtype=np.float32).reshape(len(keep), -1)
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(keep) else np.zeros((0, 1), dtype=np.float32)
        self.matrix = matrix / np.where(norms == 0, 1, norms)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: Sequence[float], limit: int, min_score: float) -> list[tuple[int, float]]:
        """(fact id, cosine) of the best matches at or above `min_score`, best first."""
        if not len(self) or limit < 1:
            return []
        q = np.asarray(query, dtype=np.float32)
        if q.shape[0] != self.matrix.shape[1]:
            return []  # another embedding model made these vectors
        norm = float(np.linalg.norm(q))
        if norm == 0:
            return []
        scores = self.matrix @ (q / norm)
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(self.ids[i]), float(scores[i])) for i in top if scores[i] >= min_score]
