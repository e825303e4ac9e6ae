"""What every command shares: the roadmap to use and the progress store, loaded on demand."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..progress import ProgressStore
    from ..roadmap import Roadmap


class State:
    """Created by the root callback; a plain class (dataclasses costs ~1 ms to import)."""

    def __init__(self, roadmap_path: Path | None = None) -> None:
        self.roadmap_path = roadmap_path
        self._roadmap: Roadmap | None = None
        self._index: Roadmap | None = None

    @property
    def roadmap(self) -> Roadmap:
        if self._roadmap is None:
            from ..roadmap import load_roadmap

            self._roadmap = load_roadmap(self.roadmap_path)
        return self._roadmap

    @property
    def roadmap_index(self) -> Roadmap:
        """The roadmap without lessons, banks and resources: for commands that never show them."""
        if self._roadmap is not None:
            return self._roadmap
        if self._index is None:
            from ..roadmap import load_roadmap

            self._index = load_roadmap(self.roadmap_path, index_only=True)
        return self._index

    @property
    def store(self) -> ProgressStore:
        from ..progress import default_store

        return default_store()
