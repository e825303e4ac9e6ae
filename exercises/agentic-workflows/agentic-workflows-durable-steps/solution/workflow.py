"""Durable, resumable workflow steps with idempotent side effects."""

import json
from collections.abc import Callable
from typing import Any

Step = tuple[str, Callable[[dict], dict]]


def _save(store: dict[str, str], run_id: str, done: list[str], state: dict, finished: bool) -> None:
    store[run_id] = json.dumps({"done": done, "state": state, "finished": finished})


def run_workflow(run_id: str, steps: list[Step], store: dict[str, str], initial_state: dict) -> dict:
    """Run or resume a workflow, checkpointing after every step."""
    names = [name for name, _ in steps]
    if len(set(names)) != len(names):
        raise ValueError("step names must be unique")
    if run_id in store:
        record = json.loads(store[run_id])
    else:
        record = {"done": [], "state": json.loads(json.dumps(initial_state)), "finished": False}
    state, done = record["state"], record["done"]
    if record["finished"]:
        return state
    for name, fn in steps:
        if name in done:
            continue
        updates = fn(json.loads(json.dumps(state)))  # the step works on a copy
        state = {**state, **updates}
        done = [*done, name]
        _save(store, run_id, done, state, False)
    _save(store, run_id, done, state, True)
    return json.loads(json.dumps(state))


def send_once(outbox: dict[str, Any], key: str, send: Callable[[], Any]) -> bool:
    """Perform a side effect at most once per idempotency key."""
    if key in outbox:
        return False
    outbox[key] = send()
    return True


def refine(
    generate: Callable[[str | None], str], critique: Callable[[str], str | None], max_rounds: int
) -> dict[str, Any]:
    """Evaluator-optimizer loop with a round limit."""
    if max_rounds < 1:
        raise ValueError("max_rounds must be at least 1")
    draft = generate(None)
    rounds = 1
    while True:
        feedback = critique(draft)
        if feedback is None:
            return {"draft": draft, "rounds": rounds, "passed": True}
        if rounds == max_rounds:
            return {"draft": draft, "rounds": rounds, "passed": False}
        draft = generate(feedback)
        rounds += 1
