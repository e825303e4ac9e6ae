"""A direct (loop-based) conv2d and max-pool forward pass, PyTorch layout without the batch axis."""

import numpy as np


def conv2d(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    # TODO
    raise NotImplementedError


def max_pool2d(x: np.ndarray, k: int, stride: int) -> np.ndarray:
    # TODO
    raise NotImplementedError
