"""What every command shares: the roadmap to use and the progress store, loaded on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..progress import ProgressStore
    from ..roadmap import Roadmap


@dataclass
class State:
    roadmap_path: Path | None = None
    _roadmap: Roadmap | None = field(default=None, repr=False)

    @property
    def roadmap(self) -> Roadmap:
        if self._roadmap is None:
            from ..roadmap import load_roadmap

            self._roadmap = load_roadmap(self.roadmap_path)
        return self._roadmap

    @property
    def store(self) -> ProgressStore:
        from ..progress import default_store

        return default_store()
