"""Adam: adaptive moment estimation, one step at a time."""

from collections.abc import Callable

import numpy as np


class Adam:
    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        params, grads = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
        if grads.shape != params.shape or (self.m is not None and self.m.shape != grads.shape):
            raise ValueError("gradient shape does not match")
        if self.m is None or self.v is None:
            self.m, self.v = np.zeros_like(grads), np.zeros_like(grads)
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * grads
        self.v = self.beta2 * self.v + (1 - self.beta2) * grads**2
        m_hat = self.m / (1 - self.beta1**self.t)
        v_hat = self.v / (1 - self.beta2**self.t)
        return params - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def minimise(grad: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, steps: int, lr: float) -> np.ndarray:
    optimizer = Adam(lr=lr)
    x = np.asarray(x0, dtype=float)
    for _ in range(steps):
        x = optimizer.step(x, grad(x))
    return x
