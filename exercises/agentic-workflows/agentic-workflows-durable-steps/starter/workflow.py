"""Durable, resumable workflow steps with idempotent side effects."""

import json  # noqa: F401
from collections.abc import Callable
from typing import Any

Step = tuple[str, Callable[[dict], dict]]


def run_workflow(run_id: str, steps: list[Step], store: dict[str, str], initial_state: dict) -> dict:
    """Run or resume a workflow, checkpointing after every step."""
    # TODO
    raise NotImplementedError


def send_once(outbox: dict[str, Any], key: str, send: Callable[[], Any]) -> bool:
    """Perform a side effect at most once per idempotency key."""
    # TODO
    raise NotImplementedError


def refine(
    generate: Callable[[str | None], str], critique: Callable[[str], str | None], max_rounds: int
) -> dict[str, Any]:
    """Evaluator-optimizer loop with a round limit."""
    # TODO
    raise NotImplementedError
