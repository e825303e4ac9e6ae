"""Practice results live in the progress store (`progress.practice`); this is their narrow door.

`aieng practice` reads and records through PracticeStore so it never handles the rest of the
progress: one store, one lock, one atomic write, exported and imported with everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .progress import PracticeResult as Result
from .progress import PracticeState as Practice
from .progress import ProgressStore, default_store


class PracticeStore:
    def __init__(self, store: ProgressStore | Path) -> None:
        self.store = store if isinstance(store, ProgressStore) else ProgressStore(store)

    @property
    def path(self) -> Path:
        return self.store.path

    def load(self) -> Practice:
        return self.store.load().practice

    def mutate(self, change: Callable[[Practice], object]) -> Practice:
        """Read-modify-write under the progress lock; a change that alters nothing writes nothing."""
        return self.store.mutate(lambda progress: change(progress.practice)).practice


def default_practice_store() -> PracticeStore:
    return PracticeStore(default_store())


__all__ = ["Practice", "PracticeStore", "Result", "default_practice_store"]
