"""The progress store: one JSON file that is never lost or half-written.

Writes go to a temp file in the same folder, are fsynced and then `os.replace`d over the
old file, so a crash leaves the old or the new state and nothing in between. Every
read-modify-write holds a file lock, so two aieng processes never lose each other's work.
A file that cannot be read is left untouched; `repair` moves it aside.
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

from .errors import ProgressError

SCHEMA = 1
Status = Literal["todo", "learning", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "learning", "done", "skipped")
LOCK_TIMEOUT_S = 30


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class _Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class TopicState(_Model):
    status: Status = "todo"
    updated: datetime = field(default_factory=utcnow)


class Review(_Model):
    """One graded answer, appended and never rewritten."""

    topic: str
    question: str
    score: Annotated[int, Meta(ge=0, le=4)]
    rating: Annotated[int, Meta(ge=1, le=4)]
    answer: str = ""
    model: str = "bank"
    at: datetime = field(default_factory=utcnow)
    question_id: str | None = None
    feedback: str = ""


class Project(_Model):
    template: str
    path: str
    at: datetime = field(default_factory=utcnow)


class Progress(_Model):
    schema_: int = field(default=SCHEMA, name="schema")
    track: str | None = None
    hours_per_week: float | None = None
    started_on: date | None = None
    topics: dict[str, TopicState] = {}
    cards: dict[str, dict[str, Any]] = {}
    reviews: list[Review] = []
    projects: list[Project] = []

    def status(self, topic_id: str) -> Status:
        state = self.topics.get(topic_id)
        return state.status if state else "todo"

    def set_status(self, topic_id: str, status: Status) -> None:
        self.topics[topic_id] = TopicState(status=status)

    def to_json(self) -> bytes:
        return msgspec.json.format(msgspec.json.encode(self), indent=1)


# Migrations: MIGRATIONS[n] turns a schema-n document into schema n+1.
MIGRATIONS: dict[int, Any] = {}


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema", 1)
    if not isinstance(version, int) or version > SCHEMA:
        raise ValueError(f"schema {version!r} is newer than this aieng understands ({SCHEMA})")
    while version < SCHEMA:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


class ProgressStore:
    """Loads, locks and atomically saves one progress file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def load(self) -> Progress:
        """The saved progress; a fresh one if there is no file yet."""
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return Progress()  # nothing saved yet (writing there, if impossible, says why)
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot read progress ({exc.strerror or exc})") from None
        return self._parse(raw)

    def _parse(self, raw: bytes) -> Progress:
        try:
            data = msgspec.json.decode(raw)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return msgspec.convert(_migrate(data), type=Progress)
        except (ValueError, msgspec.MsgspecError) as exc:
            reason = _short_reason(exc)
            raise ProgressError(
                f"{self.path}: progress file is unreadable ({reason}); it was left as it is — "
                "run `aieng progress repair` to move it aside and start fresh"
            ) from None

    @contextmanager
    def update(self) -> Iterator[Progress]:
        """Read-modify-write under the lock; saved only if the block finishes without error."""
        with self._locked():
            progress = self.load()
            yield progress
            self._write(progress)

    def mutate(self, change: Callable[[Progress], object]) -> Progress:
        """Apply `change` under the lock and save. A change that alters nothing takes no lock
        and writes nothing (re-running `aieng plan` with the same answers costs no fsync)."""
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            raw = None
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot read progress ({exc.strerror or exc})") from None
        if raw is not None:
            current = self._parse(raw)
            change(current)
            if current.to_json() == raw:
                return current
        with self.update() as progress:
            change(progress)
        return progress

    def save(self, progress: Progress) -> None:
        with self._locked():
            self._write(progress)

    def repair(self) -> Path | None:
        """Move an unreadable file aside as progress.json.corrupt-<time>; return where it went."""
        with self._locked():
            try:
                self.load()
                return None
            except ProgressError:
                stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
                target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
                os.replace(self.path, target)
                return target

    def backup(self) -> Path | None:
        """Copy the current file to progress.json.bak-<time> (atomically); None if no file."""
        if not self.path.exists():
            return None
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        _atomic_write(target, self.path.read_bytes())
        return target

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock = _exclusive_lock(self.lock_path, LOCK_TIMEOUT_S)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.__enter__()
        except TimeoutError:
            raise ProgressError(f"{self.lock_path}: another aieng holds the lock; try again") from None
        except OSError as exc:
            raise ProgressError(_os_problem(self.path.parent, exc)) from None
        try:
            yield
        finally:
            lock.__exit__(None, None, None)

    def _write(self, progress: Progress) -> None:
        data = progress.to_json()
        try:
            _atomic_write(self.path, data)
        except OSError as exc:
            raise ProgressError(_os_problem(self.path.parent, exc)) from None


@contextmanager
def _exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    """An inter-process lock on `path`. On POSIX a plain flock (the `filelock` package costs
    ~15 ms to import, a tenth of aieng's start-up); elsewhere the `filelock` package."""
    try:
        import fcntl
    except ImportError:  # Windows
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(path), timeout=timeout):
                yield
        except Timeout:
            raise TimeoutError(str(path)) from None
        return
    import time

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(str(path)) from None
                time.sleep(0.005)
        yield  # the lock dies with the descriptor, even if the process is killed
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    import tempfile  # only writers pay for it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_problem(folder: Path, exc: OSError) -> str:
    return f"{folder}: cannot write progress there ({exc.strerror or exc}); set AIENG_HOME to a writable folder"


def _short_reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def default_store() -> ProgressStore:
    from .paths import progress_file

    return ProgressStore(progress_file())


def export_to(store: ProgressStore, target: Path) -> None:
    """Write a validated copy of the progress file to target (never over an existing file)."""
    if target.exists():
        raise ProgressError(f"{target}: already exists; choose another file name")
    progress = store.load()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, progress.to_json())
    except OSError as exc:
        raise ProgressError(f"{target}: cannot write ({exc.strerror or exc})") from None


def import_from(store: ProgressStore, source: Path) -> Path | None:
    """Replace progress with a validated file; the old one is kept as a backup (returned)."""
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ProgressError(f"{source}: cannot read ({exc.strerror or exc})") from None
    incoming = ProgressStore(source)._parse(raw)
    with store._locked():
        backup = store.backup()
        store._write(incoming)
    return backup


def reset(store: ProgressStore) -> Path | None:
    """Start fresh, keeping the old file as a backup (returned)."""
    with store._locked():
        backup = store.backup()
        store._write(Progress())
    return backup
