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
    # TODO
    raise NotImplementedError


class CircuitBreaker:
    def __init__(self, failure_threshold: int, reset_timeout: float, clock: Callable[[], float]) -> None:
        # TODO
        raise NotImplementedError

    @property
    def state(self) -> str:
        # TODO
        raise NotImplementedError

    def call(self, fn: Callable[[], Any]) -> Any:
        # TODO
        raise NotImplementedError
