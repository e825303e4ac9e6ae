"""Sinusoidal position encodings and rotary position embeddings."""

import numpy as np


def frequencies(d: int, base: float = 10000.0) -> np.ndarray:
    # TODO
    raise NotImplementedError


def sinusoidal(n_positions: int, d: int) -> np.ndarray:
    # TODO
    raise NotImplementedError


def rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    # TODO
    raise NotImplementedError
