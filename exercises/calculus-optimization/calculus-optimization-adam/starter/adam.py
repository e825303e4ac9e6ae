"""Adam: adaptive moment estimation, one step at a time."""

from collections.abc import Callable

import numpy as np


class Adam:
    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        # TODO: the first and second moment estimates

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        raise NotImplementedError


def minimise(grad: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, steps: int, lr: float) -> np.ndarray:
    raise NotImplementedError
