"""Optimizers and a learning-rate schedule written out by hand."""

import math  # noqa: F401

import numpy as np

Params = dict[str, np.ndarray]


class SGDMomentum:
    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        # TODO
        raise NotImplementedError

    def step(self, params: Params, grads: Params) -> Params:
        # TODO
        raise NotImplementedError


class Adam:
    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        # TODO
        raise NotImplementedError

    def step(self, params: Params, grads: Params) -> Params:
        # TODO
        raise NotImplementedError


def warmup_cosine(step: int, base_lr: float, warmup: int, total: int, min_lr: float = 0.0) -> float:
    # TODO
    raise NotImplementedError
