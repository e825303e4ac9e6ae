"""Split any iterable into lists of a fixed size, lazily."""

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of `size` items (the last one may be shorter)."""
    # TODO: check size at once, then yield batches as they fill up
    raise NotImplementedError
