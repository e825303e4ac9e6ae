"""One-hot encoding with a shared column for rare and unseen categories."""

from collections import Counter
from collections.abc import Hashable, Iterable

OTHER = "__other__"


class OneHotEncoder:
    def __init__(self, min_count: int = 1, handle_unknown: str = "ignore") -> None:
        self.min_count = min_count
        self.handle_unknown = handle_unknown
        self.categories_: list[Hashable] | None = None
        self._rare: set[Hashable] = set()

    def fit(self, values: Iterable[Hashable]) -> "OneHotEncoder":
        counts = Counter(values)
        frequent = sorted(v for v, n in counts.items() if n >= self.min_count)
        self._rare = {v for v, n in counts.items() if n < self.min_count}
        self.categories_ = frequent + ([OTHER] if self._rare else [])
        return self

    def transform(self, values: Iterable[Hashable]) -> list[list[int]]:
        if self.categories_ is None:
            raise RuntimeError("call fit first")
        position = {c: i for i, c in enumerate(self.categories_)}
        rows = []
        for value in values:
            row = [0] * len(self.categories_)
            if value in position and value != OTHER:
                row[position[value]] = 1
            elif value in self._rare or self.handle_unknown == "ignore":
                if OTHER in position:
                    row[position[OTHER]] = 1
            else:
                raise ValueError(f"unknown category {value!r}")
            rows.append(row)
        return rows
