"""Entropy, cross-entropy, KL divergence (bits) and perplexity."""

import math


def _check(*dists: list[float]) -> None:
    if len({len(d) for d in dists}) != 1:
        raise ValueError("distributions must have the same length")
    for d in dists:
        if any(x < 0 for x in d) or abs(sum(d) - 1) > 1e-9:
            raise ValueError("not a probability distribution")


def entropy(p: list[float]) -> float:
    _check(p)
    return -sum(x * math.log2(x) for x in p if x > 0)


def cross_entropy(p: list[float], q: list[float]) -> float:
    _check(p, q)
    total = 0.0
    for pi, qi in zip(p, q, strict=True):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf
        total -= pi * math.log2(qi)
    return total


def kl_divergence(p: list[float], q: list[float]) -> float:
    return cross_entropy(p, q) - entropy(p)  # inf stays inf: entropy(p) is finite


def perplexity(token_probs: list[float]) -> float:
    if not token_probs or any(not 0 < x <= 1 for x in token_probs):
        raise ValueError("need probabilities in (0, 1]")
    return 2 ** (-sum(math.log2(x) for x in token_probs) / len(token_probs))
