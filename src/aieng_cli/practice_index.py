"""The shipped exercises: `exercises/<topic>/<id>/` folders, validated and indexed by id.

An exercise folder holds exercise.yaml (metadata), task.md, starter/<file>, solution/<file> and
tests/. A broken one stops with its path and the problem in one line.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import os
import re
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .errors import FileReadError, PracticeError

MAX_META_BYTES = 64 * 1024
MAX_FILE_BYTES = 1024 * 1024  # a learner file bigger than this is not an exercise answer
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,80}$"
FILE_PATTERN = r"^[a-z_][a-z0-9_]{0,60}\.py$"
NEEDS = ("numpy", "model-server")


class Exercise(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    id: Annotated[str, Meta(pattern=ID_PATTERN)]
    topic: Annotated[str, Meta(pattern=ID_PATTERN)]
    title: Annotated[str, Meta(min_length=3, max_length=120)]
    file: Annotated[str, Meta(pattern=FILE_PATTERN)]
    difficulty: Annotated[int, Meta(ge=1, le=3)] = 1
    order: Annotated[int, Meta(ge=0)] = 1
    timeout: Annotated[float, Meta(gt=0, le=120)] = 10
    needs: list[Literal["numpy", "model-server"]] = []
    hints: Annotated[list[Annotated[str, Meta(min_length=1)]], Meta(min_length=1, max_length=3)]
    folder: str = ""  # filled in by the loader: where the shipped copy lives

    @property
    def source(self) -> Path:
        return Path(self.folder)

    def task(self) -> str:
        return _read_text(self.source / "task.md")

    def solution(self) -> str:
        return _read_text(self.source / "solution" / self.file)

    def test_files(self) -> list[Path]:
        """The shipped test folder's files, relative to tests/ (tests/ plus any data they use)."""
        root = self.source / "tests"
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def exercises_root() -> Path:
    override = os.environ.get("AIENG_EXERCISES")
    if override:
        return Path(override).expanduser()
    from .resources import exercises_dir

    return exercises_dir()


def load_index(root: Path | None = None) -> dict[str, Exercise]:
    """Every shipped exercise by id, ordered by topic then `order`; a broken one stops with its path."""
    root = root or exercises_root()
    if not root.is_dir():
        raise PracticeError(f"{root}: no exercises found (is aieng installed completely?)")
    found: list[Exercise] = []
    for meta in sorted(root.glob("*/*/exercise.yaml")):
        if meta.parent.parent.name.startswith("_"):
            continue
        found.append(_load_exercise(meta))
    index: dict[str, Exercise] = {}
    for exercise in sorted(found, key=lambda e: (e.topic, e.order, e.id)):
        if exercise.id in index:
            raise PracticeError(f"{exercise.folder}: exercise id {exercise.id!r} is used twice")
        index[exercise.id] = exercise
    return index


def load_one(name: str, root: Path | None = None) -> Exercise:
    """One exercise by id without reading the others (what `check ID` needs); unknown -> suggestions."""
    root = root or exercises_root()
    if valid_exercise_name(name):
        metas = [m for m in root.glob(f"*/{name}/exercise.yaml") if not m.parent.parent.name.startswith("_")]
        if len(metas) == 1:
            return _load_exercise(metas[0])
    return find(load_index(root), name)


def _load_exercise(meta: Path) -> Exercise:
    import yaml

    folder = meta.parent
    try:
        data = yaml.load(_read_text(meta, MAX_META_BYTES), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
        exercise = msgspec.convert({**data, "folder": str(folder)}, type=Exercise)
    except (yaml.YAMLError, ValueError, msgspec.ValidationError, FileReadError) as exc:
        raise PracticeError(f"{meta}: invalid exercise ({str(exc).splitlines()[0][:200]})") from None
    if exercise.id != folder.name or exercise.topic != folder.parent.name:
        raise PracticeError(f"{meta}: id/topic must match the folder {folder.parent.name}/{folder.name}")
    for needed in (folder / "task.md", folder / "starter" / exercise.file, folder / "solution" / exercise.file):
        if not needed.is_file():
            raise PracticeError(f"{meta}: missing {needed.relative_to(folder)}")
    if not (folder / "tests").is_dir():
        raise PracticeError(f"{meta}: missing tests/")
    return exercise


def _read_text(path: Path, cap: int = MAX_FILE_BYTES) -> str:
    """A regular file under the size cap, as text; anything else is one clear error."""
    from .files import read_text_file

    return read_text_file(path, max_bytes=cap, what="exercise file")


def find(index: dict[str, Exercise], name: str) -> Exercise:
    """An exercise by id (in any case: ids are lower-case), with a suggestion when it is unknown."""
    for key in (name, name.lower()):
        if key in index:
            return index[key]
    import difflib

    close = [i for i in index if name and name in i][:1] or difflib.get_close_matches(
        name, list(index), n=1, cutoff=0.5
    )
    hint = f"; did you mean {close[0]!r}?" if close else "; `aieng practice --list` shows them all"
    raise PracticeError(f"unknown exercise {name!r}{hint}")


def by_topic(index: dict[str, Exercise], topic: str) -> list[Exercise]:
    return [e for e in index.values() if e.topic == topic]


def valid_exercise_name(name: str) -> bool:
    return re.fullmatch(ID_PATTERN, name) is not None
