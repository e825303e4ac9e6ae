"""Entropy, cross-entropy, KL divergence (bits) and perplexity."""

import math  # noqa: F401  (you will need it)


def entropy(p: list[float]) -> float:
    raise NotImplementedError


def cross_entropy(p: list[float], q: list[float]) -> float:
    raise NotImplementedError


def kl_divergence(p: list[float], q: list[float]) -> float:
    raise NotImplementedError


def perplexity(token_probs: list[float]) -> float:
    raise NotImplementedError
