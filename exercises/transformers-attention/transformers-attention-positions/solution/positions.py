"""Sinusoidal position encodings and rotary position embeddings."""

import numpy as np


def frequencies(d: int, base: float = 10000.0) -> np.ndarray:
    if d % 2:
        raise ValueError("the model width must be even")
    return base ** (-2 * np.arange(d // 2) / d)


def sinusoidal(n_positions: int, d: int) -> np.ndarray:
    angles = np.arange(n_positions)[:, None] * frequencies(d)[None, :]
    table = np.empty((n_positions, d))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table


def rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    angles = np.asarray(positions)[:, None] * frequencies(x.shape[-1], base)[None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[:, 0::2], x[:, 1::2]
    out = np.empty_like(x, dtype=float)
    out[:, 0::2] = even * cos - odd * sin
    out[:, 1::2] = even * sin + odd * cos
    return out
