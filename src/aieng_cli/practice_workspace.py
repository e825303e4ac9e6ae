"""The learner's copy of an exercise: their file is never overwritten, our files are restored.

`<practice dir>/<topic>/<id>/` holds the learner's file, task.md and tests/. Preparing it again
puts back a deleted folder, a deleted starter, and any test file that was edited or removed.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import shutil
from pathlib import Path

import msgspec

from .practice_index import Exercise, PracticeError


def default_practice_dir() -> Path:
    return Path("~/aieng-practice").expanduser()


def workspace(exercise: Exercise, base: Path) -> Path:
    return base / exercise.topic / exercise.id


class Prepared(msgspec.Struct, frozen=True):
    folder: Path
    created: bool  # the folder was new (or had been deleted)
    restored: list[str]  # files of ours put back: tests edited or deleted, task.md


def prepare(exercise: Exercise, base: Path) -> Prepared:
    """Create or repair the learner's copy. Their file is copied only when absent."""
    folder = workspace(exercise, base)
    created = not folder.is_dir()
    restored: list[str] = []
    try:
        if folder.exists() and not folder.is_dir():
            raise PracticeError(f"{folder}: exists and is not a folder; move it away first")
        folder.mkdir(parents=True, exist_ok=True)
        mine = folder / exercise.file
        if not mine.exists():
            shutil.copyfile(exercise.source / "starter" / exercise.file, mine)
            if not created:
                restored.append(exercise.file)
        for relative in ["task.md", *(str(Path("tests") / p) for p in exercise.test_files())]:
            if _restore(exercise.source / relative, folder / relative) and not created:
                restored.append(relative)
    except OSError as exc:
        raise PracticeError(f"{folder}: cannot write the exercise there ({exc.strerror or exc}); try --dir") from None
    return Prepared(folder, created, restored)


def _restore(shipped: Path, copy: Path) -> bool:
    """Put our file back if it is missing or differs; True if it had to be."""
    want = shipped.read_bytes()
    try:
        if copy.is_file() and copy.read_bytes() == want:
            return False
    except OSError:
        pass
    if copy.is_dir() and not copy.is_symlink():
        shutil.rmtree(copy)
    elif copy.exists() or copy.is_symlink():
        copy.unlink()
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped, copy)
    return True


def locate(index: dict[str, Exercise], path: Path) -> Exercise | None:
    """The exercise whose practice copy contains `path` (the folder is <topic>/<id>), if any."""
    for folder in [path, *path.parents]:
        exercise = index.get(folder.name)
        if exercise is not None and folder.parent.name == exercise.topic:
            return exercise
    return None
