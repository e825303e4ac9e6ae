"""Token-bucket rate limiting per tenant, driven by an injected clock."""

from collections.abc import Callable


class TokenBucket:
    def __init__(self, capacity: float, rate: float, clock: Callable[[], float]) -> None:
        # TODO
        raise NotImplementedError

    def available(self) -> float:
        # TODO
        raise NotImplementedError

    def try_acquire(self, cost: float = 1.0) -> tuple[bool, float]:
        # TODO
        raise NotImplementedError


class TenantLimiter:
    def __init__(self, capacity: float, rate: float, clock: Callable[[], float]) -> None:
        # TODO
        raise NotImplementedError

    def check(self, tenant: str, cost: float = 1.0) -> tuple[bool, float]:
        # TODO
        raise NotImplementedError


def retry_after_header(seconds: float) -> int:
    """Whole seconds for a Retry-After header: rounded up, at least 1."""
    # TODO
    raise NotImplementedError
