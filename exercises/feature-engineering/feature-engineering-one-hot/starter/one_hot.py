"""One-hot encoding with a shared column for rare and unseen categories."""

from collections.abc import Hashable, Iterable

OTHER = "__other__"


class OneHotEncoder:
    def __init__(self, min_count: int = 1, handle_unknown: str = "ignore") -> None:
        self.min_count = min_count
        self.handle_unknown = handle_unknown
        self.categories_: list[Hashable] | None = None

    def fit(self, values: Iterable[Hashable]) -> "OneHotEncoder":
        raise NotImplementedError

    def transform(self, values: Iterable[Hashable]) -> list[list[int]]:
        raise NotImplementedError
