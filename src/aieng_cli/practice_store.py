"""Practice results: one small JSON file, `practice.json`, next to progress.json.

Kept apart from the progress store until the two are merged; it uses the progress store's
atomic write and lock, so it never loses or half-writes a result either.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

import msgspec
from msgspec import field

from .errors import FileMissing, ProgressError
from .files import read_regular_file, write_file_atomically
from .progress import LOCK_TIMEOUT_S, _exclusive_lock, utcnow

SCHEMA = 1
MAX_BYTES = 8 * 1024 * 1024


class Result(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One exercise: how many checks, when it first passed, hints shown, solution revealed."""

    attempts: int = 0
    passed_at: datetime | None = None
    hints_used: int = 0
    revealed: bool = False
    last: Literal["passed", "failed", "error", "timeout", "syntax", ""] = ""
    last_at: datetime | None = None


class Practice(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    schema_: int = field(default=SCHEMA, name="schema")
    folder: str | None = None  # the practice folder the learner chose with --dir
    current: str | None = None  # the exercise being worked on (for `check` without an id)
    results: dict[str, Result] = {}

    def passed(self) -> set[str]:
        return {k for k, r in self.results.items() if r.passed_at is not None}

    def result(self, exercise_id: str) -> Result:
        return self.results.setdefault(exercise_id, Result())

    def record_check(self, exercise_id: str, outcome: str, now: datetime | None = None) -> Result:
        result = self.result(exercise_id)
        now = now or utcnow()
        result.attempts += 1
        result.last, result.last_at = outcome, now  # type: ignore[assignment]
        if outcome == "passed" and result.passed_at is None:
            result.passed_at = now
        return result


class PracticeStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Practice:
        try:
            raw = read_regular_file(self.path, max_bytes=MAX_BYTES, what="practice results")
        except FileMissing:
            return Practice()
        try:
            return msgspec.json.decode(raw, type=Practice)
        except msgspec.MsgspecError as exc:
            raise ProgressError(
                f"{self.path}: practice results are unreadable ({str(exc)[:120]}); it was left as it is — "
                "move it aside to start fresh"
            ) from None

    def mutate(self, change: Callable[[Practice], object]) -> Practice:
        """Read-modify-write under the lock, saved atomically; a change that alters nothing
        writes nothing (`check --dir D` with the same D costs no fsync)."""
        before = self.load()
        probe = msgspec.json.encode(before)
        change(before)
        if msgspec.json.encode(before) == probe:
            return before
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = _exclusive_lock(self.path.with_name(self.path.name + ".lock"), LOCK_TIMEOUT_S)
            with lock:
                practice = self.load()
                change(practice)
                write_file_atomically(self.path, msgspec.json.format(msgspec.json.encode(practice), indent=1))
        except TimeoutError:
            raise ProgressError(f"{self.path}: another aieng holds the lock; try again") from None
        except OSError as exc:
            raise ProgressError(
                f"{self.path.parent}: cannot write practice results ({exc.strerror or exc}); "
                "set AIENG_HOME to a writable folder"
            ) from None
        return practice


def default_practice_store() -> PracticeStore:
    from .paths import data_dir

    return PracticeStore(data_dir() / "practice.json")
