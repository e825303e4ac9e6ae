"""A vector index over one packed float32 matrix (numpy): cosine top-k in one matrix product.

The matrix is also saved next to the SQLite file (`memory.sqlite3.index.<generation>.*.npy`), so a
new process maps it into memory instead of rebuilding it from 20k rows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def _files(path: Path, generation: int) -> tuple[Path, Path]:
    return (path.with_name(f"{path.name}.{generation}.ids.npy"), path.with_name(f"{path.name}.{generation}.matrix.npy"))


def pack(vector: Sequence[float]) -> bytes:
    """A vector as float32 bytes for SQLite (a quarter of the size of JSON, and no parsing)."""
    return np.asarray(vector, dtype=np.float32).tobytes()


class VectorIndex:
    """Unit-normalised rows and their fact ids."""

    def __init__(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        self.ids, self.matrix = ids, matrix

    @classmethod
    def build(cls, ids: Sequence[int], blobs: Sequence[bytes]) -> VectorIndex:
        """From SQLite rows; vectors of another size than the most common one (another model) are left out."""
        lengths = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=len(blobs))
        if not len(lengths) or not lengths.max():
            return cls(np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32))
        values, counts = np.unique(lengths[lengths > 0], return_counts=True)
        size = int(values[counts.argmax()])
        keep = np.flatnonzero(lengths == size)
        joined = b"".join(blobs[int(i)] for i in keep)
        raw = np.frombuffer(joined, dtype=np.float32).reshape(len(keep), size // 4)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        matrix = (raw / np.where(norms == 0, 1, norms)).astype(np.float32, copy=False)
        return cls(np.asarray(ids, dtype=np.int64)[keep], matrix)

    @classmethod
    def load(cls, path: Path, generation: int) -> VectorIndex | None:
        """The saved index if it belongs to this generation of the memory, else None (memory-mapped: no copy)."""
        ids_path, matrix_path = _files(path, generation)
        try:
            ids = np.load(ids_path)
            matrix = np.load(matrix_path, mmap_mode="r")
        except (OSError, ValueError):
            return None
        if matrix.ndim != 2 or len(ids) != len(matrix):
            return None
        return cls(ids, matrix)

    def save(self, path: Path, generation: int) -> None:
        """Two .npy files named by generation, each written to a temp file then renamed; older ones removed."""
        ids_path, matrix_path = _files(path, generation)
        try:
            for target, array in ((ids_path, self.ids), (matrix_path, self.matrix)):
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                with os.fdopen(fd, "wb") as f:
                    np.save(f, array)
                os.replace(tmp, target)
            for old in path.parent.glob(f"{path.name}.*.npy"):
                if old not in (ids_path, matrix_path):
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a cache: failing to save only costs speed

    def __len__(self) -> int:
        return len(self.ids)

    # aieng:stage 4 begin
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
    # aieng:stage 4 stub
    def search(self, query: Sequence[float], limit: int, min_score: float) -> list[tuple[int, float]]:
        """(fact id, cosine) of the best matches at or above `min_score`, best first.

        The rows of `matrix` are unit vectors, so one matrix product with the normalised query
        gives every cosine. Return [] for an empty index, `limit` < 1, a query of another length
        (another embedding model) or a zero query. See STAGES.md, stage 4.
        """
        raise NotImplementedError("stage 4: cosine top-k over the index with a minimum score")
    # aieng:stage 4 end
