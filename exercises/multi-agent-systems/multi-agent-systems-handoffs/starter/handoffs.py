"""A coordinator for agent handoffs with contracts, budgets and verification."""

from collections.abc import Callable
from typing import Any

Agent = Callable[[dict], dict]


def run_handoffs(
    start: str,
    task: dict,
    agents: dict[str, Agent],
    max_turns: int = 6,
    token_budget: int | None = None,
    verify: Callable[[Any], bool] | None = None,
) -> dict:
    """Follow handoffs until an agent is done or a guard stops the run."""
    # TODO
    raise NotImplementedError
