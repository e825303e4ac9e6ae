"""Asymmetric (affine) uint8 quantization with a zero point."""

import numpy as np

QMIN, QMAX = 0, 255


def affine_params(x: np.ndarray) -> tuple[float, int]:
    lo, hi = min(float(np.min(x)), 0.0), max(float(np.max(x)), 0.0)
    if hi == lo:
        return 1.0, 0
    scale = (hi - lo) / (QMAX - QMIN)
    zero_point = int(np.clip(QMIN - round(lo / scale), QMIN, QMAX))
    return scale, zero_point


def quantize(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    return np.clip(np.round(np.asarray(x) / scale) + zero_point, QMIN, QMAX).astype(np.uint8)


def dequantize(q: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    return (q.astype(np.float64) - zero_point) * scale


def roundtrip_error(x: np.ndarray) -> float:
    scale, zero_point = affine_params(x)
    return float(np.max(np.abs(dequantize(quantize(x, scale, zero_point), scale, zero_point) - x)))
