"""Stratified, seeded train/test split of example indices."""

import random  # noqa: F401  (use random.Random(seed))
from collections.abc import Hashable, Sequence


def stratified_split(labels: Sequence[Hashable], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """(train indices, test indices), both sorted; each label keeps its share in both."""
    # TODO: group by label, shuffle each group with one seeded Random, take round(n * fraction)
    raise NotImplementedError
