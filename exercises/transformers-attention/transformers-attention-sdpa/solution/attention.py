"""Scaled dot-product attention, causal masking and head splitting in NumPy."""

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along one axis."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Return (output, weights) of softmax(q k^T / sqrt(d_k)) v."""
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        lq, lk = scores.shape[-2], scores.shape[-1]
        query_pos = np.arange(lq)[:, None] + (lk - lq)  # queries are the last lq positions
        future = np.arange(lk)[None, :] > query_pos
        scores = np.where(future, -np.inf, scores)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """(seq, d_model) -> (n_heads, seq, d_model // n_heads)."""
    seq, d_model = x.shape
    if d_model % n_heads:
        raise ValueError(f"d_model {d_model} is not divisible by {n_heads} heads")
    return x.reshape(seq, n_heads, d_model // n_heads).transpose(1, 0, 2)


def merge_heads(x: np.ndarray) -> np.ndarray:
    """(n_heads, seq, d_head) -> (seq, n_heads * d_head)."""
    n_heads, seq, d_head = x.shape
    return x.transpose(1, 0, 2).reshape(seq, n_heads * d_head)
