"""Check an analytic gradient against central finite differences."""

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    # TODO: central differences, one coordinate at a time; leave x as it was
    raise NotImplementedError


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    raise NotImplementedError


def gradient_ok(
    f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray, tol: float = 1e-6
) -> bool:
    raise NotImplementedError
