"""Check an analytic gradient against central finite differences."""

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        old = x[index]
        try:
            x[index] = old + eps
            plus = f(x)
            x[index] = old - eps
            minus = f(x)
        finally:
            x[index] = old
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def gradient_ok(
    f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray, tol: float = 1e-6
) -> bool:
    return relative_error(grad(x), numerical_gradient(f, x)) < tol
