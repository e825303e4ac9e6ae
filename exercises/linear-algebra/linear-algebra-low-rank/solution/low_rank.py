"""Best rank-k approximation by the SVD, and what storing the factors saves."""

import numpy as np


def low_rank(matrix: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """(best rank-k approximation, fraction of squared Frobenius norm kept)."""
    matrix = np.asarray(matrix, dtype=float)
    if not 1 <= k <= min(matrix.shape):
        raise ValueError(f"k must be between 1 and {min(matrix.shape)}")
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    approx = (u[:, :k] * s[:k]) @ vt[:k]
    total = float((s**2).sum())
    energy = 1.0 if total == 0 else float((s[:k] ** 2).sum()) / total
    return approx, energy


def parameters_saved(rows: int, cols: int, k: int) -> int:
    """rows*cols minus the size of a rows x k and a k x cols factor."""
    return rows * cols - (rows * k + k * cols)
