"""The per-token pieces of the GRPO objective."""

import math  # noqa: F401
import statistics  # noqa: F401


def group_advantages(rewards: list[float], eps: float = 1e-6) -> list[float]:
    # TODO
    raise NotImplementedError


def clipped_surrogate(logp_new: float, logp_old: float, advantage: float, clip_eps: float = 0.2) -> float:
    # TODO
    raise NotImplementedError


def kl_k3(logp_new: float, logp_ref: float) -> float:
    # TODO
    raise NotImplementedError


def token_objective(
    logp_new: float, logp_old: float, logp_ref: float, advantage: float, beta: float = 0.04, clip_eps: float = 0.2
) -> float:
    # TODO
    raise NotImplementedError
