"""Mean and variance of a stream in O(1) memory (Welford), mergeable (Chan)."""

import math  # noqa: F401  (stdev needs it)


class RunningStats:
    def __init__(self) -> None:
        self.count = 0
        # TODO: what else must you keep? (not the values)

    def push(self, x: float) -> None:
        raise NotImplementedError

    @property
    def mean(self) -> float:
        raise NotImplementedError

    @property
    def variance(self) -> float:
        raise NotImplementedError

    @property
    def stdev(self) -> float:
        raise NotImplementedError

    def merge(self, other: "RunningStats") -> "RunningStats":
        raise NotImplementedError
