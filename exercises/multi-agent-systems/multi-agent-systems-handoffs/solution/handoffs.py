"""A coordinator for agent handoffs with contracts, budgets and verification."""

from collections.abc import Callable
from typing import Any

Agent = Callable[[dict], dict]


def _valid_task(task: Any) -> bool:
    return isinstance(task, dict) and isinstance(task.get("goal"), str) and task["goal"].strip() != ""


def run_handoffs(
    start: str,
    task: dict,
    agents: dict[str, Agent],
    max_turns: int = 6,
    token_budget: int | None = None,
    verify: Callable[[Any], bool] | None = None,
) -> dict:
    """Follow handoffs until an agent is done or a guard stops the run."""
    trace: list[tuple[str, str]] = []
    tokens = 0
    current = start

    def finish(status: str, result: Any = None) -> dict:
        return {"status": status, "result": result, "trace": trace, "tokens": tokens}

    for _ in range(max_turns):
        if current not in agents:
            return finish("unknown_agent")
        reply = agents[current](task)
        tokens += int(reply.get("tokens", 0))
        trace.append((current, reply.get("type")))
        if reply.get("type") == "done":
            result = reply.get("result")
            ok = verify is None or verify(result)
            return finish("done" if ok else "rejected", result)
        if reply.get("type") != "handoff" or not _valid_task(reply.get("task")):
            return finish("invalid_handoff")
        if token_budget is not None and tokens > token_budget:
            return finish("over_budget")
        current, task = reply.get("to"), reply["task"]
    return finish("max_turns")
