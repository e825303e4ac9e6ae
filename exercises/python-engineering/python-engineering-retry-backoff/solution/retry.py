"""Retry a flaky call with exponential backoff and full jitter."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def retry(
    call: Callable[[], T],
    *,
    attempts: int,
    base: float,
    max_delay: float,
    retry_on: tuple[type[BaseException], ...],
    sleep: Callable[[float], None],
    rand: Callable[[], float],
) -> T:
    """Call `call` until it succeeds, at most `attempts` times, sleeping between tries."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return call()
        except retry_on:
            if attempt == attempts - 1:
                raise
            sleep(rand() * min(max_delay, base * 2**attempt))
    raise AssertionError("unreachable")
