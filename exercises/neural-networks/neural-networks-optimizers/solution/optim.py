"""Optimizers and a learning-rate schedule written out by hand."""

import math

import numpy as np

Params = dict[str, np.ndarray]


class SGDMomentum:
    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        self.lr, self.momentum = lr, momentum
        self.velocity: Params = {}

    def step(self, params: Params, grads: Params) -> Params:
        new: Params = {}
        for name, p in params.items():
            v = self.momentum * self.velocity.get(name, np.zeros_like(p)) + grads[name]
            self.velocity[name] = v
            new[name] = p - self.lr * v
        return new


class Adam:
    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        self.lr, self.eps, self.weight_decay, self.decoupled = lr, eps, weight_decay, decoupled
        self.beta1, self.beta2 = betas
        self.t = 0
        self.m: Params = {}
        self.v: Params = {}

    def step(self, params: Params, grads: Params) -> Params:
        self.t += 1
        new: Params = {}
        for name, p in params.items():
            g = grads[name]
            if self.weight_decay and not self.decoupled:
                g = g + self.weight_decay * p
            m = self.beta1 * self.m.get(name, np.zeros_like(p)) + (1 - self.beta1) * g
            v = self.beta2 * self.v.get(name, np.zeros_like(p)) + (1 - self.beta2) * g * g
            self.m[name], self.v[name] = m, v
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            if self.weight_decay and self.decoupled:
                p = p * (1 - self.lr * self.weight_decay)
            new[name] = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new


def warmup_cosine(step: int, base_lr: float, warmup: int, total: int, min_lr: float = 0.0) -> float:
    if step < warmup:
        return base_lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))
