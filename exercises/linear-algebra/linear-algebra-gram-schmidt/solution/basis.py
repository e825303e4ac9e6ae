"""Gram-Schmidt: an orthonormal basis for the span of some vectors."""

import numpy as np


def orthonormal_basis(vectors: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Rows: an orthonormal basis of the row space of `vectors` (shape (n, d))."""
    vectors = np.asarray(vectors, dtype=float)
    basis: list[np.ndarray] = []
    for v in vectors:
        remainder = v.copy()
        for q in basis:
            remainder -= (remainder @ q) * q
        norm = np.linalg.norm(remainder)
        if norm >= tol:
            basis.append(remainder / norm)
    return np.array(basis).reshape(len(basis), vectors.shape[1])
