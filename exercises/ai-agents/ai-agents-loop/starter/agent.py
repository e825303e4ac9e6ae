"""A minimal agent loop: decide, act, observe, repeat, within a budget."""

import json  # noqa: F401
from collections.abc import Callable
from typing import Any


def run_agent(
    goal: str,
    llm: Callable[[list[dict]], dict],
    tools: dict[str, Callable[..., Any]],
    max_steps: int = 8,
) -> dict:
    """Run the loop; return {"answer", "stopped", "steps", "messages"}."""
    # TODO
    raise NotImplementedError
