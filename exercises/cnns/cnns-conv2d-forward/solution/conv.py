"""A direct (loop-based) conv2d and max-pool forward pass, PyTorch layout without the batch axis."""

import numpy as np


def conv2d(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    c_out, c_in, k, _ = weight.shape
    if x.shape[0] != c_in:
        raise ValueError(f"input has {x.shape[0]} channels, the weight expects {c_in}")
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    h_out = (xp.shape[1] - k) // stride + 1
    w_out = (xp.shape[2] - k) // stride + 1
    out = np.empty((c_out, h_out, w_out))
    for o in range(c_out):
        for r in range(h_out):
            for s in range(w_out):
                window = xp[:, r * stride : r * stride + k, s * stride : s * stride + k]
                out[o, r, s] = np.sum(window * weight[o]) + bias[o]
    return out


def max_pool2d(x: np.ndarray, k: int, stride: int) -> np.ndarray:
    channels, h, w = x.shape
    h_out, w_out = (h - k) // stride + 1, (w - k) // stride + 1
    out = np.empty((channels, h_out, w_out))
    for r in range(h_out):
        for s in range(w_out):
            out[:, r, s] = x[:, r * stride : r * stride + k, s * stride : s * stride + k].max(axis=(1, 2))
    return out
