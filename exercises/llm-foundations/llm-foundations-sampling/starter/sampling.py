"""Turning next-token logits into a choice: temperature, top-k, top-p."""

import random


def softmax(logits: list[float], temperature: float = 1.0) -> list[float]:
    """Probabilities from logits scaled by 1 / temperature."""
    # TODO
    raise NotImplementedError


def greedy(logits: list[float]) -> int:
    """Index of the largest logit (lowest index on ties)."""
    # TODO
    raise NotImplementedError


def top_k_filter(probs: list[float], k: int) -> list[float]:
    """Keep the k most probable tokens, renormalised."""
    # TODO
    raise NotImplementedError


def top_p_filter(probs: list[float], p: float) -> list[float]:
    """Keep the smallest high-probability set with total >= p, renormalised."""
    # TODO
    raise NotImplementedError


def sample(probs: list[float], rng: random.Random) -> int:
    """Inverse-CDF sampling with a single rng.random() draw."""
    # TODO
    raise NotImplementedError


def training_flops(n_params: float, n_tokens: float) -> float:
    """Approximate pretraining compute."""
    # TODO
    raise NotImplementedError
