"""Keep an agent's message history within a token budget, in whole groups."""

import math  # noqa: F401


def estimate_tokens(message: dict) -> int:
    """About four characters per token, plus 4 tokens of per-message overhead."""
    # TODO
    raise NotImplementedError


def trim_history(messages: list[dict], budget: int) -> list[dict]:
    """Pinned system messages plus the newest whole groups that fit."""
    # TODO
    raise NotImplementedError
