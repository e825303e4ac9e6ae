"""Preference-optimisation losses computed from log-probabilities."""

import math


def log_sigmoid(x: float) -> float:
    """log(1 / (1 + e^-x)), stable for large |x|."""
    if x >= 0:
        return -math.log1p(math.exp(-x))
    return x - math.log1p(math.exp(x))


def sequence_logprob(token_logprobs: list[float], mask: list[int]) -> float:
    """Sum of token log-probabilities where mask is 1."""
    if len(token_logprobs) != len(mask):
        raise ValueError("token_logprobs and mask differ in length")
    return sum(lp for lp, m in zip(token_logprobs, mask, strict=True) if m)


def bradley_terry_loss(r_chosen: float, r_rejected: float) -> float:
    """Reward-model loss for one comparison."""
    return -log_sigmoid(r_chosen - r_rejected)


def dpo_loss(
    policy_chosen: float, policy_rejected: float, ref_chosen: float, ref_rejected: float, beta: float = 0.1
) -> tuple[float, float, float]:
    """(loss, chosen_reward, rejected_reward) for one preference pair."""
    chosen_reward = beta * (policy_chosen - ref_chosen)
    rejected_reward = beta * (policy_rejected - ref_rejected)
    return -log_sigmoid(chosen_reward - rejected_reward), chosen_reward, rejected_reward


def reward_accuracy(pairs: list[tuple[float, float, float, float]], beta: float = 0.1) -> float:
    """Share of pairs whose implicit chosen reward beats the rejected one."""
    if not pairs:
        raise ValueError("no pairs")
    wins = 0
    for pc, pr, rc, rr in pairs:
        _, chosen, rejected = dpo_loss(pc, pr, rc, rr, beta)
        wins += chosen > rejected
    return wins / len(pairs)
