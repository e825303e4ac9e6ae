"""A token bucket: `rate` tokens per second, bursts up to `capacity`."""

from collections.abc import Callable


class TokenBucket:
    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        # TODO: validate, start full, remember the time of the last refill
        self.rate = rate
        self.capacity = capacity
        self.clock = clock

    def allow(self, cost: float = 1) -> bool:
        raise NotImplementedError

    def retry_after(self, cost: float = 1) -> float:
        raise NotImplementedError
