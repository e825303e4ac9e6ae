"""Compact embeddings: Matryoshka truncation, binary codes, storage sizes, model guards."""

import math

import numpy as np

_BYTES = {"float32": 4, "float16": 2, "int8": 1}


def truncate(vectors: np.ndarray, dim: int) -> np.ndarray:
    """First dim components of each row, renormalised to unit length."""
    vectors = np.asarray(vectors, dtype=float)
    if not 1 <= dim <= vectors.shape[-1]:
        raise ValueError(f"dim must be between 1 and {vectors.shape[-1]}")
    cut = vectors[..., :dim]
    norms = np.linalg.norm(cut, axis=-1, keepdims=True)
    return np.divide(cut, norms, out=np.zeros_like(cut), where=norms > 0)


def storage_bytes(n: int, dim: int, dtype: str) -> int:
    """Bytes to store n vectors of dim components."""
    if dtype == "binary":
        return n * math.ceil(dim / 8)
    if dtype not in _BYTES:
        raise ValueError(f"unknown dtype {dtype!r}")
    return n * dim * _BYTES[dtype]


def binarize(vectors: np.ndarray) -> np.ndarray:
    """Sign bits (1 where > 0), packed per row with np.packbits."""
    return np.packbits(np.asarray(vectors) > 0, axis=-1)


def hamming(a: np.ndarray, b: np.ndarray) -> int:
    """Number of differing bits between two packed codes."""
    return int(np.unpackbits(np.bitwise_xor(a, b)).sum())


def check_same_space(index_meta: dict, query_meta: dict) -> None:
    """Raise ValueError if the embedding model or dimension differ."""
    for key in ("model", "dim"):
        if index_meta.get(key) != query_meta.get(key):
            raise ValueError(f"{key} mismatch: index {index_meta.get(key)!r} vs query {query_meta.get(key)!r}")
