"""A minimal agent loop: decide, act, observe, repeat, within a budget."""

import json
from collections.abc import Callable
from typing import Any


def _execute(tools: dict[str, Callable[..., Any]], name: str, arguments: dict) -> str:
    if name not in tools:
        return f"error: unknown tool {name}"
    try:
        result = tools[name](**arguments)
    except Exception as err:  # the model gets the error as an observation, the run goes on
        return f"error: {type(err).__name__}: {err}"
    return result if isinstance(result, str) else json.dumps(result)


def run_agent(
    goal: str,
    llm: Callable[[list[dict]], dict],
    tools: dict[str, Callable[..., Any]],
    max_steps: int = 8,
) -> dict:
    """Run the loop; return {"answer", "stopped", "steps", "messages"}."""
    messages: list[dict] = [{"role": "user", "content": goal}]
    executed: set[str] = set()
    for step in range(1, max_steps + 1):
        reply = llm(messages)
        calls = reply.get("tool_calls") or []
        messages.append({"role": "assistant", "content": reply.get("content", ""), "tool_calls": calls})
        if not calls:
            return {"answer": reply.get("content", ""), "stopped": "answer", "steps": step, "messages": messages}
        for call in calls:
            key = json.dumps([call["name"], call.get("arguments", {})], sort_keys=True)
            if key in executed:
                return {"answer": None, "stopped": "repeated_call", "steps": step, "messages": messages}
            executed.add(key)
            content = _execute(tools, call["name"], call.get("arguments", {}))
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": content})
    return {"answer": None, "stopped": "max_steps", "steps": max_steps, "messages": messages}
