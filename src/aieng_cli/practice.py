"""Hands-on exercises: what to practise next, and what the learner does (CLI and TUI call these).

The exercises are content (practice_index.py), the learner works in a copy (practice_workspace.py),
checks run in a subprocess (practice_check.py) and results live in practice_store.py.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

from pathlib import Path

import msgspec

from .errors import AiengError
from .practice_index import (  # noqa: F401  (the practice API in one place)
    Exercise,
    PracticeError,
    by_topic,
    exercises_root,
    find,
    load_index,
    load_one,
)
from .practice_workspace import Prepared, default_practice_dir, locate, prepare, workspace  # noqa: F401

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


def summary(roadmap, progress, index: dict[str, Exercise] | None = None) -> Summary:
    """done/total and the next exercise, from the roadmap and the progress (which holds the results)."""
    index = index if index is not None else load_index()
    passed = progress.practice.passed()
    upcoming = next_exercise(index, study_topics(roadmap, progress), passed)
    done = sum(1 for e in index if e in passed)
    return Summary(done, len(index), upcoming.id if upcoming else None, upcoming.title if upcoming else None)


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
    if not progress.practice.results:
        return None
    try:
        return summary(roadmap, progress)  # the results are in `progress` already: no second read
    except AiengError:
        return None
