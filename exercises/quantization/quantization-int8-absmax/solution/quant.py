"""Symmetric (absmax) quantization, per tensor and per group."""

import numpy as np


def _qmax(bits: int) -> int:
    if not 2 <= bits <= 8:
        raise ValueError("bits must be between 2 and 8")
    return 2 ** (bits - 1) - 1


def quantize(x: np.ndarray, bits: int = 8) -> tuple[np.ndarray, float]:
    """(q as int8, scale) with scale = max|x| / qmax."""
    qmax = _qmax(bits)
    peak = float(np.max(np.abs(x))) if np.size(x) else 0.0
    scale = peak / qmax if peak > 0 else 1.0
    q = np.clip(np.round(np.asarray(x) / scale), -qmax, qmax).astype(np.int8)
    return q, scale


def dequantize(q: np.ndarray, scale: float) -> np.ndarray:
    """Back to floats."""
    return q.astype(np.float64) * scale


def quantize_groups(x: np.ndarray, group_size: int, bits: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """(q, one scale per group) for a 1-D array."""
    x = np.asarray(x, dtype=np.float64)
    if group_size < 1 or x.size % group_size:
        raise ValueError(f"length {x.size} is not a multiple of group size {group_size}")
    qmax = _qmax(bits)
    groups = x.reshape(-1, group_size)
    peaks = np.max(np.abs(groups), axis=1, keepdims=True)
    scales = np.where(peaks > 0, peaks / qmax, 1.0)
    q = np.clip(np.round(groups / scales), -qmax, qmax).astype(np.int8)
    return q.reshape(-1), scales.reshape(-1)


def dequantize_groups(q: np.ndarray, scales: np.ndarray, group_size: int) -> np.ndarray:
    """Inverse of quantize_groups (up to rounding)."""
    return (q.reshape(-1, group_size).astype(np.float64) * scales[:, None]).reshape(-1)


def weight_bytes(n_params: float, bits: int, group_size: int | None = None, scale_bytes: int = 2) -> float:
    """Bytes for quantized weights plus their scales."""
    total = n_params * bits / 8
    if group_size:
        total += n_params / group_size * scale_bytes
    return total
