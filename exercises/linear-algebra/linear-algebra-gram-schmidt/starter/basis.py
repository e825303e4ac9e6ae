"""Gram-Schmidt: an orthonormal basis for the span of some vectors."""

import numpy as np


def orthonormal_basis(vectors: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Rows: an orthonormal basis of the row space of `vectors` (shape (n, d))."""
    # TODO: subtract projections onto the basis so far; keep normalised remainders above tol
    raise NotImplementedError
