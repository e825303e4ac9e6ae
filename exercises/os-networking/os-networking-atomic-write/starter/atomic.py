"""Replace a file atomically: temp file in the same folder, fsync, os.replace."""

import os
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, data: bytes, fsync: Callable[[int], None] = os.fsync) -> None:
    """Write `data` to `path` so that readers see the old or the new content, never a mix."""
    # TODO: tempfile.mkstemp(dir=path.parent), write, flush, fsync, os.replace; clean up on error
    path.write_bytes(data)
