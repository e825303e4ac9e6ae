"""Stratified, seeded train/test split of example indices."""

import random
from collections.abc import Hashable, Sequence


def stratified_split(labels: Sequence[Hashable], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """(train indices, test indices), both sorted; each label keeps its share in both."""
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1")
    groups: dict[Hashable, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    rng = random.Random(seed)
    train: list[int] = []
    test: list[int] = []
    for label in sorted(groups, key=repr):
        members = groups[label]
        rng.shuffle(members)
        cut = round(len(members) * test_fraction)
        test.extend(members[:cut])
        train.extend(members[cut:])
    return sorted(train), sorted(test)
