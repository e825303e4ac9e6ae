"""Keep an agent's message history within a token budget, in whole groups."""

import math


def estimate_tokens(message: dict) -> int:
    """About four characters per token, plus 4 tokens of per-message overhead."""
    return math.ceil(len(message.get("content") or "") / 4) + 4


def _groups(messages: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for message in messages:
        if message["role"] == "tool" and groups and groups[-1][0].get("tool_calls"):
            groups[-1].append(message)
        else:
            groups.append([message])
    return groups


def trim_history(messages: list[dict], budget: int) -> list[dict]:
    """Pinned system messages plus the newest whole groups that fit."""
    split = 0
    while split < len(messages) and messages[split]["role"] == "system":
        split += 1
    pinned, rest = messages[:split], messages[split:]
    used = sum(estimate_tokens(m) for m in pinned)
    kept: list[list[dict]] = []
    for group in reversed(_groups(rest)):
        cost = sum(estimate_tokens(m) for m in group)
        if used + cost > budget:
            break
        kept.append(group)
        used += cost
    if rest and not kept:
        raise ValueError("the system prompt and the newest message do not fit the budget")
    if not rest and used > budget:
        raise ValueError("the system prompt alone exceeds the budget")
    return pinned + [m for group in reversed(kept) for m in group]
