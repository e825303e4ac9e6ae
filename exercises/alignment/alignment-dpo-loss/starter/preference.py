"""Preference-optimisation losses computed from log-probabilities."""

import math  # noqa: F401


def log_sigmoid(x: float) -> float:
    """log(1 / (1 + e^-x)), stable for large |x|."""
    # TODO
    raise NotImplementedError


def sequence_logprob(token_logprobs: list[float], mask: list[int]) -> float:
    """Sum of token log-probabilities where mask is 1."""
    # TODO
    raise NotImplementedError


def bradley_terry_loss(r_chosen: float, r_rejected: float) -> float:
    """Reward-model loss for one comparison."""
    # TODO
    raise NotImplementedError


def dpo_loss(
    policy_chosen: float, policy_rejected: float, ref_chosen: float, ref_rejected: float, beta: float = 0.1
) -> tuple[float, float, float]:
    """(loss, chosen_reward, rejected_reward) for one preference pair."""
    # TODO
    raise NotImplementedError


def reward_accuracy(pairs: list[tuple[float, float, float, float]], beta: float = 0.1) -> float:
    """Share of pairs whose implicit chosen reward beats the rejected one."""
    # TODO
    raise NotImplementedError
