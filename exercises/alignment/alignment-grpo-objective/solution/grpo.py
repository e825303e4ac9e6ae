"""The per-token pieces of the GRPO objective."""

import math
import statistics


def group_advantages(rewards: list[float], eps: float = 1e-6) -> list[float]:
    if len(rewards) < 2:
        raise ValueError("a group needs at least two answers")
    mean = statistics.fmean(rewards)
    std = statistics.stdev(rewards)
    if std == 0:
        return [0.0] * len(rewards)
    return [(r - mean) / (std + eps) for r in rewards]


def clipped_surrogate(logp_new: float, logp_old: float, advantage: float, clip_eps: float = 0.2) -> float:
    ratio = math.exp(logp_new - logp_old)
    clipped = min(max(ratio, 1 - clip_eps), 1 + clip_eps)
    return min(ratio * advantage, clipped * advantage)


def kl_k3(logp_new: float, logp_ref: float) -> float:
    r = math.exp(logp_ref - logp_new)
    return r - math.log(r) - 1


def token_objective(
    logp_new: float, logp_old: float, logp_ref: float, advantage: float, beta: float = 0.04, clip_eps: float = 0.2
) -> float:
    return clipped_surrogate(logp_new, logp_old, advantage, clip_eps) - beta * kl_k3(logp_new, logp_ref)
