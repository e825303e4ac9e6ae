"""A semantic cache for LLM responses: embedding similarity, threshold, TTL and LRU eviction."""

import math  # noqa: F401
import time
from collections.abc import Callable


class SemanticCache:
    def __init__(
        self,
        embed: Callable[[str], list[float]],
        threshold: float = 0.9,
        ttl: float = 3600.0,
        max_entries: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # TODO
        raise NotImplementedError

    def put(self, prompt: str, response: str, model: str) -> None:
        # TODO
        raise NotImplementedError

    def get(self, prompt: str, model: str) -> str | None:
        # TODO
        raise NotImplementedError

    def stats(self) -> dict[str, float]:
        # TODO
        raise NotImplementedError
