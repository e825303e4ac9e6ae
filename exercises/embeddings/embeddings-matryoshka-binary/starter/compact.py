"""Compact embeddings: Matryoshka truncation, binary codes, storage sizes, model guards."""

import numpy as np


def truncate(vectors: np.ndarray, dim: int) -> np.ndarray:
    """First dim components of each row, renormalised to unit length."""
    # TODO
    raise NotImplementedError


def storage_bytes(n: int, dim: int, dtype: str) -> int:
    """Bytes to store n vectors of dim components."""
    # TODO
    raise NotImplementedError


def binarize(vectors: np.ndarray) -> np.ndarray:
    """Sign bits (1 where > 0), packed per row with np.packbits."""
    # TODO
    raise NotImplementedError


def hamming(a: np.ndarray, b: np.ndarray) -> int:
    """Number of differing bits between two packed codes."""
    # TODO
    raise NotImplementedError


def check_same_space(index_meta: dict, query_meta: dict) -> None:
    """Raise ValueError if the embedding model or dimension differ."""
    # TODO
    raise NotImplementedError
