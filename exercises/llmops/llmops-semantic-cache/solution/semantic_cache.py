"""A semantic cache for LLM responses: embedding similarity, threshold, TTL and LRU eviction."""

import itertools
import math
import time
from collections.abc import Callable


def _cosine(a: list[float], b: list[float]) -> float:
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb)


class SemanticCache:
    def __init__(
        self,
        embed: Callable[[str], list[float]],
        threshold: float = 0.9,
        ttl: float = 3600.0,
        max_entries: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.embed, self.threshold, self.ttl = embed, threshold, ttl
        self.max_entries, self.clock = max_entries, clock
        self.entries: list[dict] = []
        self._ticks = itertools.count()  # orders uses even when the clock does not move
        self.hits = self.misses = 0

    def put(self, prompt: str, response: str, model: str) -> None:
        if len(self.entries) >= self.max_entries:
            self.entries.remove(min(self.entries, key=lambda e: e["used"]))
        tick = next(self._ticks)
        self.entries.append(
            {
                "model": model,
                "vector": self.embed(prompt),
                "response": response,
                "stored": self.clock(),
                "order": tick,
                "used": tick,
            }
        )

    def get(self, prompt: str, model: str) -> str | None:
        vector = self.embed(prompt)
        now = self.clock()
        self.entries = [e for e in self.entries if now - e["stored"] < self.ttl]
        candidates = [e for e in self.entries if e["model"] == model]
        best = max(candidates, key=lambda e: (_cosine(vector, e["vector"]), e["order"]), default=None)
        if best is None or _cosine(vector, best["vector"]) < self.threshold:
            self.misses += 1
            return None
        self.hits += 1
        best["used"] = next(self._ticks)
        return best["response"]

    def stats(self) -> dict[str, float]:
        total = self.hits + self.misses
        return {"hits": self.hits, "misses": self.misses, "hit_rate": self.hits / total if total else 0.0}
