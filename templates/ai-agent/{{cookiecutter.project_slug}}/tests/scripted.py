"""An in-process scripted `ChatModel` for fast loop tests (the HTTP fake is for the Ollama seam itself)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from {{ cookiecutter.package_name }}.llm import Message, OnText, Reply, ToolCall, Usage

Turn = Reply | Callable[[Sequence[Message]], Reply]


def plan_reply(*steps: dict[str, Any]) -> Reply:
    return Reply(json.dumps({"steps": list(steps)}))


def calls(*pairs: tuple[str, Any]) -> Reply:
    return Reply("", tuple(ToolCall(name, args) for name, args in pairs))


class ScriptedModel:
    """Plans come from `plans` (structured output), turns from `turns`; `default` when a queue is empty."""

    label = "scripted"

    def __init__(self, plans: list[Reply] | None = None, turns: list[Turn] | None = None) -> None:
        self.plans = list(plans or [])
        self.turns = list(turns or [])
        self.default: Turn = Reply("done")
        self.seen: list[list[Message]] = []

    def chat(
        self, messages: Sequence[Message], tools: Sequence[Message] | None = None, on_text: OnText | None = None
    ) -> Reply:
        self.seen.append(list(messages))
        turn = self.turns.pop(0) if self.turns else self.default
        reply = turn(messages) if callable(turn) else turn
        return Reply(reply.content, reply.tool_calls, Usage(10, 5, 0.001, 4096))

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        self.seen.append(list(messages))
        reply = self.plans.pop(0) if self.plans else plan_reply({"description": "do it", "tool": None})
        return Reply(reply.content, (), Usage(10, 5, 0.001, 4096))

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        return None
