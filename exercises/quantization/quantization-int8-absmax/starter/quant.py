"""Symmetric (absmax) quantization, per tensor and per group."""

import numpy as np


def quantize(x: np.ndarray, bits: int = 8) -> tuple[np.ndarray, float]:
    """(q as int8, scale) with scale = max|x| / qmax."""
    # TODO
    raise NotImplementedError


def dequantize(q: np.ndarray, scale: float) -> np.ndarray:
    """Back to floats."""
    # TODO
    raise NotImplementedError


def quantize_groups(x: np.ndarray, group_size: int, bits: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """(q, one scale per group) for a 1-D array."""
    # TODO
    raise NotImplementedError


def dequantize_groups(q: np.ndarray, scales: np.ndarray, group_size: int) -> np.ndarray:
    """Inverse of quantize_groups (up to rounding)."""
    # TODO
    raise NotImplementedError


def weight_bytes(n_params: float, bits: int, group_size: int | None = None, scale_bytes: int = 2) -> float:
    """Bytes for quantized weights plus their scales."""
    # TODO
    raise NotImplementedError
