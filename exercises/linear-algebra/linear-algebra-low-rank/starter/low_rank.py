"""Best rank-k approximation by the SVD, and what storing the factors saves."""

import numpy as np


def low_rank(matrix: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """(best rank-k approximation, fraction of squared Frobenius norm kept)."""
    # TODO: np.linalg.svd, keep the k largest singular values
    raise NotImplementedError


def parameters_saved(rows: int, cols: int, k: int) -> int:
    """rows*cols minus the size of a rows x k and a k x cols factor."""
    raise NotImplementedError
