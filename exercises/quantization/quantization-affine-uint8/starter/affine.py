"""Asymmetric (affine) uint8 quantization with a zero point."""

import numpy as np


def affine_params(x: np.ndarray) -> tuple[float, int]:
    # TODO
    raise NotImplementedError


def quantize(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    # TODO
    raise NotImplementedError


def dequantize(q: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    # TODO
    raise NotImplementedError


def roundtrip_error(x: np.ndarray) -> float:
    # TODO
    raise NotImplementedError
