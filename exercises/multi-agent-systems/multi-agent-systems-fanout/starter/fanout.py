"""A supervisor fanning sub-tasks out to async worker agents with limits."""

import asyncio  # noqa: F401
from collections.abc import Awaitable, Callable


async def fan_out(
    tasks: list[str],
    worker: Callable[[str], Awaitable[dict]],
    max_concurrency: int = 3,
    timeout: float = 1.0,
) -> list[dict]:
    # TODO
    raise NotImplementedError


def merge_findings(records: list[dict]) -> dict:
    # TODO
    raise NotImplementedError
