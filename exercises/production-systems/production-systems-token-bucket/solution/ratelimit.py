"""Token-bucket rate limiting per tenant, driven by an injected clock."""

import math
from collections.abc import Callable


class TokenBucket:
    def __init__(self, capacity: float, rate: float, clock: Callable[[], float]) -> None:
        self.capacity = capacity
        self.rate = rate
        self.clock = clock
        self._tokens = float(capacity)
        self._last = clock()

    def _refill(self) -> None:
        now = self.clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def available(self) -> float:
        self._refill()
        return self._tokens

    def try_acquire(self, cost: float = 1.0) -> tuple[bool, float]:
        if cost <= 0 or cost > self.capacity:
            raise ValueError(f"cost must be in (0, {self.capacity}]")
        self._refill()
        if self._tokens >= cost:
            self._tokens -= cost
            return True, 0.0
        return False, (cost - self._tokens) / self.rate


class TenantLimiter:
    def __init__(self, capacity: float, rate: float, clock: Callable[[], float]) -> None:
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self._buckets: dict[str, TokenBucket] = {}

    def check(self, tenant: str, cost: float = 1.0) -> tuple[bool, float]:
        if tenant not in self._buckets:
            self._buckets[tenant] = TokenBucket(self.capacity, self.rate, self.clock)
        return self._buckets[tenant].try_acquire(cost)


def retry_after_header(seconds: float) -> int:
    """Whole seconds for a Retry-After header: rounded up, at least 1."""
    return max(1, math.ceil(seconds))
