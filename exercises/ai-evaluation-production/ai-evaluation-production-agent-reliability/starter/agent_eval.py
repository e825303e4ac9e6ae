"""Reliability, trajectory and cost metrics for evaluating agents."""

import math  # noqa: F401


def pass_hat_k(n: int, c: int, k: int) -> float:
    # TODO
    raise NotImplementedError


def trajectory_report(calls: list[dict], expected: list[str], forbidden: set[str], max_steps: int) -> dict:
    # TODO
    raise NotImplementedError


def summarize(runs: dict[str, list[dict]], k: int) -> dict:
    # TODO
    raise NotImplementedError
