"""Keeping a prompt inside the context window: drop the oldest history, then shorten old tool output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..llm import REPLY_ROOM, Message, estimate_tokens

SHORTENED = 400


@dataclass(frozen=True)
class Trim:
    """What `fit` did, for the trace."""

    dropped: int
    shortened: int
    tokens_before: int
    tokens_after: int


def fit(
    messages: Sequence[Message], tools: Sequence[Message] | None, limit: int, keep_from: int
) -> tuple[list[Message], Trim | None]:
    """Fit `messages` into `limit` tokens (minus room for the reply).

    messages[0] (the system prompt) and messages[keep_from:] (the current step) are kept; the history
    between them is dropped oldest first; if that is not enough, older tool results of the current
    step are shortened (the newest one stays whole). Returns (messages, None) when nothing was needed.
    """
    budget = limit - REPLY_ROOM
    before = estimate_tokens(messages, tools)
    if before <= budget:
        return list(messages), None
    head, history, current = [messages[0]], list(messages[1:keep_from]), list(messages[keep_from:])
    dropped = 0
    while history and estimate_tokens(head + history + current, tools) > budget:
        history.pop(0)
        dropped += 1
    shortened = 0
    tool_positions = [i for i, m in enumerate(current) if m.get("role") == "tool"][:-1]
    for i in tool_positions:
        if estimate_tokens(head + history + current, tools) <= budget:
            break
        content = str(current[i].get("content", ""))
        if len(content) > SHORTENED:
            current[i] = {**current[i], "content": content[:SHORTENED] + "\n[trimmed to fit the context window]"}
            shortened += 1
    result = head + history + current
    return result, Trim(dropped, shortened, before, estimate_tokens(result, tools))
