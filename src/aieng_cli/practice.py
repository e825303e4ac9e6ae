"""Hands-on exercises: the index of shipped exercises, the learner's copies, what to do next.

An exercise is content, like the roadmap: `exercises/<topic>/<id>/` holds exercise.yaml, task.md,
starter/<file>, solution/<file> and tests/. The learner works in a copy under the practice folder;
their file is theirs (never overwritten), the tests are ours (restored when edited or deleted).
Checking runs in a subprocess (practice_check.py); results live in practice_store.py.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import os
import re
import shutil
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .errors import AiengError, FileReadError

MAX_META_BYTES = 64 * 1024
MAX_FILE_BYTES = 1024 * 1024  # a learner file bigger than this is not an exercise answer
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,80}$"
FILE_PATTERN = r"^[a-z_][a-z0-9_]{0,60}\.py$"
NEEDS = ("numpy", "model-server")


class PracticeError(AiengError):
    """An exercise cannot be found, copied, checked or shown."""


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
    """An exercise by id, with a suggestion when the id is unknown."""
    if name in index:
        return index[name]
    import difflib

    close = [i for i in index if name and name in i][:1] or difflib.get_close_matches(
        name, list(index), n=1, cutoff=0.5
    )
    hint = f"; did you mean {close[0]!r}?" if close else "; `aieng practice --list` shows them all"
    raise PracticeError(f"unknown exercise {name!r}{hint}")


def by_topic(index: dict[str, Exercise], topic: str) -> list[Exercise]:
    return [e for e in index.values() if e.topic == topic]


# The learner's copy ---------------------------------------------------------------------


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


# What next -----------------------------------------------------------------------------


def study_topics(roadmap, progress) -> list[str]:
    """Topic ids in the learner's order: their track's study order from where they are,
    then the track's earlier topics; without a track, the whole roadmap in order."""
    if progress.track and any(t.id == progress.track for t in roadmap.tracks):
        from .plan import study_order

        order = study_order(roadmap, progress.track)
    else:
        order = [t.id for t in roadmap.topics]
    order = [t for t in order if progress.status(t) != "skipped"]
    here = next((i for i, t in enumerate(order) if progress.status(t) != "done"), len(order))
    return order[here:] + order[:here]


def next_exercise(
    index: dict[str, Exercise], topics: list[str], passed: set[str], after: str | None = None
) -> Exercise | None:
    """The first exercise not passed yet in topic order (after `after` when given)."""
    ordered = [e for topic in topics for e in by_topic(index, topic)]
    ordered += [e for e in index.values() if e not in ordered]  # exercises off the learner's path come last
    if after is not None and after in index:
        start = next((i + 1 for i, e in enumerate(ordered) if e.id == after), 0)
        ordered = ordered[start:] + ordered[:start]
    return next((e for e in ordered if e.id not in passed and e.id != after), None)


class Summary(msgspec.Struct, frozen=True):
    """For status, today and the dashboard: how far practice has got and what comes next."""

    done: int
    total: int
    next_id: str | None
    next_title: str | None

    def line(self) -> str:
        tail = f" — next: {self.next_id}" if self.next_id else ""
        return f"Practice: {self.done}/{self.total} exercises passed{tail}"


def summary(roadmap, progress, store=None, index: dict[str, Exercise] | None = None) -> Summary:
    """done/total and the next exercise, from the roadmap, the progress and the practice store."""
    from .practice_store import default_practice_store

    index = index if index is not None else load_index()
    passed = (store or default_practice_store()).load().passed()
    upcoming = next_exercise(index, study_topics(roadmap, progress), passed)
    done = sum(1 for e in index if e in passed)
    return Summary(done, len(index), upcoming.id if upcoming else None, upcoming.title if upcoming else None)


def valid_exercise_name(name: str) -> bool:
    return re.fullmatch(ID_PATTERN, name) is not None


# What the learner does (the CLI and the TUI both call these) ----------------------------


def practice_dir(store, option: Path | None) -> Path:
    """--dir when given (remembered for next time), else the remembered folder, else the default."""
    if option is not None:
        folder = option.expanduser().resolve()
        store.mutate(lambda p: setattr(p, "folder", str(folder)))
        return folder
    saved = store.load().folder
    return Path(saved) if saved else default_practice_dir()


def choose(index: dict[str, Exercise], roadmap, progress, passed: set[str], target: str | None) -> Exercise:
    """The exercise to work on: an exercise id, the next one of a topic, or the next one overall."""
    if target is not None and target in index:
        return index[target]
    if target is not None:
        if not roadmap.has_topic(target):
            find(index, target)  # raises with a suggestion among exercise ids
        mine = by_topic(index, target)
        if not mine:
            raise PracticeError(f"topic {target!r} has no exercises (see exercises/README.md for why)")
        return next((e for e in mine if e.id not in passed), mine[0])
    upcoming = next_exercise(index, study_topics(roadmap, progress), passed)
    if upcoming is None:
        raise PracticeError("every exercise passes — well done! `aieng practice --list` shows them all")
    return upcoming


def start(exercise: Exercise, base: Path, store) -> Prepared:
    """Copy (or repair) the exercise into the practice folder and make it the current one."""
    prepared = prepare(exercise, base)
    store.mutate(lambda p: setattr(p, "current", exercise.id))
    return prepared


def run_check(exercise: Exercise, base: Path, store, timeout: float | None = None, after_prepare=None):
    """Restore our files, run the tests in a subprocess, record the attempt; (Prepared, CheckResult).
    `after_prepare` runs between the two (the watch loop forgets the files we restored)."""
    from .practice_check import check

    prepared = prepare(exercise, base)
    if after_prepare is not None:
        after_prepare()
    result = check(exercise, prepared.folder, timeout)

    def record(p) -> None:
        p.record_check(exercise.id, result.outcome)
        p.current = exercise.id

    store.mutate(record)
    return prepared, result


def current(index: dict[str, Exercise], store, cwd: Path) -> Exercise:
    """The exercise `check` means without an id: the folder we are in, else the last one opened."""
    here = locate(index, cwd)
    if here is not None:
        return here
    saved = store.load().current
    if saved and saved in index:
        return index[saved]
    raise PracticeError("no current exercise: run `aieng practice` first, or name one: `aieng practice check ID`")


def next_hint(exercise: Exercise, store) -> tuple[int, str]:
    """The next hint (1-based number, text); after the last one, the last one again."""
    used = store.load().results.get(exercise.id)
    number = min((used.hints_used if used else 0) + 1, len(exercise.hints))

    def mark(p) -> None:
        p.result(exercise.id).hints_used = max(p.result(exercise.id).hints_used, number)

    store.mutate(mark)
    return number, exercise.hints[number - 1]


def reveal_solution(exercise: Exercise, store, reveal: bool) -> str:
    """The reference solution once the exercise passes; before that only with reveal (recorded)."""
    result = store.load().results.get(exercise.id)
    if result is None or result.passed_at is None:
        if not reveal:
            raise PracticeError(
                f"{exercise.id} has not passed yet; try the hints, or use --reveal (recorded as revealed)"
            )
        store.mutate(lambda p: setattr(p.result(exercise.id), "revealed", True))
    return exercise.solution()


def started_summary(roadmap, progress) -> Summary | None:
    """The summary once the learner has practised at all (None before, or when it cannot be read):
    the dashboard, `status` and `today` show practice only to those who practise."""
    from .practice_store import default_practice_store

    try:
        store = default_practice_store()
        if not store.load().results:
            return None
        return summary(roadmap, progress, store)
    except AiengError:
        return None
