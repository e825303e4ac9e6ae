"""Scaled dot-product attention, causal masking and head splitting in NumPy."""

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along one axis."""
    # TODO
    raise NotImplementedError


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Return (output, weights) of softmax(q k^T / sqrt(d_k)) v."""
    # TODO: scores, optional causal mask aligned to the end of the key sequence, softmax, weighted sum
    raise NotImplementedError


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """(seq, d_model) -> (n_heads, seq, d_model // n_heads)."""
    # TODO
    raise NotImplementedError


def merge_heads(x: np.ndarray) -> np.ndarray:
    """(n_heads, seq, d_head) -> (seq, n_heads * d_head)."""
    # TODO
    raise NotImplementedError
