"""Turning next-token logits into a choice: temperature, top-k, top-p."""

import math
import random


def softmax(logits: list[float], temperature: float = 1.0) -> list[float]:
    """Probabilities from logits scaled by 1 / temperature."""
    if temperature <= 0:
        raise ValueError("temperature must be > 0; use greedy() for temperature 0")
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def greedy(logits: list[float]) -> int:
    """Index of the largest logit (lowest index on ties)."""
    return max(range(len(logits)), key=lambda i: (logits[i], -i))


def _ranked(probs: list[float]) -> list[int]:
    return sorted(range(len(probs)), key=lambda i: (-probs[i], i))


def _keep(probs: list[float], kept: list[int]) -> list[float]:
    total = sum(probs[i] for i in kept)
    keep = set(kept)
    return [probs[i] / total if i in keep else 0.0 for i in range(len(probs))]


def top_k_filter(probs: list[float], k: int) -> list[float]:
    """Keep the k most probable tokens, renormalised."""
    return _keep(probs, _ranked(probs)[:k])


def top_p_filter(probs: list[float], p: float) -> list[float]:
    """Keep the smallest high-probability set with total >= p, renormalised."""
    kept, running = [], 0.0
    for i in _ranked(probs):
        kept.append(i)
        running += probs[i]
        if running >= p:
            break
    return _keep(probs, kept)


def sample(probs: list[float], rng: random.Random) -> int:
    """Inverse-CDF sampling with a single rng.random() draw."""
    u = rng.random()
    running = 0.0
    last = 0
    for i, p in enumerate(probs):
        if p <= 0:
            continue
        running += p
        last = i
        if u < running:
            return i
    return last  # rounding left the total a hair below u


def training_flops(n_params: float, n_tokens: float) -> float:
    """Approximate pretraining compute."""
    return 6 * n_params * n_tokens
