"""Retries with exponential backoff and full jitter, and a circuit breaker."""

import random
from collections.abc import Callable
from typing import Any


class TransientError(Exception):
    """429, 503 or a timeout: worth retrying. retry_after is set when the server said when."""

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CircuitOpenError(RuntimeError):
    """The breaker is open: failing fast without calling the dependency."""


def call_with_retries(
    fn: Callable[[], Any],
    attempts: int,
    base: float,
    cap: float,
    sleep: Callable[[float], None],
    rng: random.Random,
) -> Any:
    """Call fn, retrying transient errors with capped exponential backoff and full jitter."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for i in range(attempts):
        try:
            return fn()
        except TransientError as err:
            if i == attempts - 1:
                raise
            if err.retry_after is not None:
                sleep(err.retry_after)
            else:
                sleep(rng.uniform(0, min(cap, base * 2**i)))
    raise AssertionError("unreachable")


class CircuitBreaker:
    def __init__(self, failure_threshold: int, reset_timeout: float, clock: Callable[[], float]) -> None:
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self.clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self.clock() - self._opened_at >= self.reset_timeout:
            return "half_open"
        return "open"

    def call(self, fn: Callable[[], Any]) -> Any:
        state = self.state
        if state == "open":
            raise CircuitOpenError("dependency is failing; not calling it")
        try:
            result = fn()
        except Exception:
            if state == "half_open":
                self._opened_at = self.clock()
            else:
                self._failures += 1
                if self._failures >= self.failure_threshold:
                    self._opened_at = self.clock()
            raise
        self._failures = 0
        self._opened_at = None
        return result
