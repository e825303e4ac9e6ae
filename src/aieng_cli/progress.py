"""The progress store: a small state file plus an append-only review log, never lost or half-written.

`progress.json` holds the state (track, plan, statuses, one FSRS card per topic, projects) and
a reference to the review log `progress.reviews-<id>.jsonl`: its id, and how many bytes and
reviews of it are committed. Recording an answer appends one line to the log (fsync), then
replaces the state file atomically with the new byte count: the state file's rename is the
commit point, so a crash between the two leaves an uncommitted tail that the next append cuts
off. Loading and saving therefore cost the same with 100 reviews or 100,000; the log is read
only by code that asks for `progress.reviews`.

Every read-modify-write holds a file lock. A file that fails validation (the whole state, and
the log when read) is reported in one line naming it and left untouched; `repair` moves it aside.
Nothing is written that the loader would refuse. A log is appended to only if it is a regular
file (never through a link) holding every byte the state counts; a reader whose log another
aieng switched away (import, reset, repair) reads the current one. Replacing a damaged store
(repair, reset, import) keeps its review logs beside it, and repair restarts from their reviews.

The models and their validation live in progress_models.py, the low-level file work (log prefix,
salvage, the lock) in progress_io.py; this module re-exports the models as the store's API.
"""

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec

from .errors import FileMissing, FileReadError, ProgressError
from .files import read_regular_file, write_file_atomically
from .progress_io import (
    _LOG_ID,
    _NOFOLLOW,
    _NOT_A_FILE,
    _byte_at,
    _exclusive_lock,
    _move,
    _os_problem,
    _os_reason,
    _parse_log,
    _read_prefix,
    _salvage_log,
    _set_aside,
    _short_reason,
    _unlink,
)
from .progress_models import (
    _LONE_SURROGATE as _LONE_SURROGATE,
)
from .progress_models import (
    FIRST_START as FIRST_START,
)
from .progress_models import (
    LAST_START as LAST_START,
)
from .progress_models import (
    LOCK_TIMEOUT_S as LOCK_TIMEOUT_S,
)
from .progress_models import (
    MAX_COUNT as MAX_COUNT,
)
from .progress_models import (
    MAX_DAY_RATINGS as MAX_DAY_RATINGS,
)
from .progress_models import (
    MAX_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES,
)
from .progress_models import (
    MAX_STATE_BYTES as MAX_STATE_BYTES,
)
from .progress_models import (
    MAX_TEXT as MAX_TEXT,
)
from .progress_models import (
    MIGRATIONS as MIGRATIONS,
)
from .progress_models import (
    SCHEMA as SCHEMA,
)
from .progress_models import (
    STATUSES as STATUSES,
)
from .progress_models import (
    FsrsCard as FsrsCard,
)
from .progress_models import (
    LogRef as LogRef,
)
from .progress_models import (
    NewerSchema as NewerSchema,
)
from .progress_models import (
    PlanRecord as PlanRecord,
)
from .progress_models import (
    PracticeResult as PracticeResult,
)
from .progress_models import (
    PracticeState as PracticeState,
)
from .progress_models import (
    Progress as Progress,
)
from .progress_models import (
    Project as Project,
)
from .progress_models import (
    Review as Review,
)
from .progress_models import (
    TopicCard as TopicCard,
)
from .progress_models import (
    TopicState as TopicState,
)
from .progress_models import (  # the models are part of the store's API: progress.Review, progress.SCHEMA, ...
    _Document as _Document,
)
from .progress_models import (
    _migrate as _migrate,
)
from .progress_models import (
    _v1_to_v2 as _v1_to_v2,
)
from .progress_models import (
    clean_text as clean_text,
)
from .progress_models import (
    parse_document as parse_document,
)
from .progress_models import (
    utcnow as utcnow,
)


class ProgressStore:
    """Loads, locks and atomically saves the state file and its review log."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def lock_path(self) -> Path:
        """Beside the real state file: two links to one file must share one lock."""
        return self.folder / (self._real_name + ".lock")

    @property
    def folder(self) -> Path:
        """Where the state really lives (a symlinked progress.json keeps its log beside its target)."""
        return Path(os.path.realpath(self.path)).parent

    @property
    def _real_name(self) -> str:
        """The state file's own name: logs and temp files are named after it, not after a link
        to it (two links named progress.json into one synced folder must not share names)."""
        return Path(os.path.realpath(self.path)).name

    def log_path(self, ref: LogRef) -> Path:
        return self.folder / f"{Path(self._real_name).stem}.reviews-{ref.id}.jsonl"

    # Reading ------------------------------------------------------------------

    def load(self) -> Progress:
        """The saved progress; a fresh one if there is no file yet."""
        raw = self._read_state()
        return Progress() if raw is None else self._parse(raw)

    def _read_state(self) -> bytes | None:
        try:
            return read_regular_file(self.path, max_bytes=MAX_DOCUMENT_BYTES, what="progress file")
        except FileMissing:
            return None  # nothing saved yet (writing there, if impossible, says why)
        except FileReadError as exc:
            if isinstance(exc.__context__, NotADirectoryError):
                return None
            raise ProgressError(f"{exc}; it was left as it is") from None

    def _parse(self, raw: bytes) -> Progress:
        try:
            progress, inline = parse_document(raw)
        except NewerSchema as exc:
            error = ProgressError(
                f"{self.path}: progress was written by a newer aieng ({exc}); upgrade aieng "
                "(e.g. `pipx upgrade aieng`) to use it — it was left as it is"
            )
            error.newer = True  # type: ignore[attr-defined]  # repair must not move it aside
            raise error from None
        except (ValueError, RecursionError, msgspec.MsgspecError) as exc:
            reason = _short_reason(exc)
            if "unknown field" in reason:  # damage, or a newer aieng that kept its schema number
                reason += "; if a newer aieng wrote it, upgrade aieng rather than repair"
            raise self._damaged(self.path, reason) from None
        if inline is not None:  # an old single-file progress: its reviews move to a log on the next save
            progress.log = None
            progress.__dict__["_reviews"] = inline
        elif progress.log is not None:
            ref = progress.log
            progress.__dict__["_read_log"] = lambda: self._read_history(ref)
        progress.__dict__["_origin"] = (self.path, progress.log, len(inline) if inline is not None else None)
        return progress

    def _read_history(self, ref: LogRef, tries: int = 3) -> list[Review]:
        """The reviews of the log `ref`. A reader that loaded the state just before another
        aieng switched logs (import, reset, repair) finds the old log swept: it reads the
        history on disk now instead (the store's answer, not an error about a healthy file)."""
        try:
            return self._read_log(ref)
        except FileNotFoundError:
            pass
        fresh = self.load()
        if fresh.log != ref and tries > 1:
            if fresh.log is None:
                return fresh.reviews  # an old single-file progress was put in place
            return self._read_history(fresh.log, tries - 1)
        raise self._damaged(self.log_path(ref), "review log is missing")

    def _read_log(self, ref: LogRef) -> list[Review]:
        """The committed reviews of a log; FileNotFoundError if it is gone."""
        if ref.count == 0 and ref.bytes == 0:
            return []
        path = self.log_path(ref)
        problem = ref.problem()
        if problem is None and ref.bytes > MAX_DOCUMENT_BYTES:
            problem = f"review log is too large ({ref.bytes} bytes; the limit is {MAX_DOCUMENT_BYTES})"
        if problem is not None:
            raise self._damaged(path, problem)
        try:
            data = _read_prefix(path, ref.bytes)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise self._damaged(path, f"review log cannot be read: {_os_reason(exc)}") from None
        if len(data) < ref.bytes:
            raise self._damaged(path, f"review log has {len(data)} of its {ref.bytes} recorded bytes")
        return _parse_log(data, ref.count, lambda reason: self._damaged(path, reason))

    def _damaged(self, path: Path, reason: str) -> ProgressError:
        return ProgressError(
            f"{path}: progress is unreadable ({reason}); it was left as it is — "
            "run `aieng progress repair` to move it aside and start fresh"
        )

    def check(self) -> Progress:
        """Load and validate everything, the review log included (what repair and doctor use)."""
        progress = self.load()
        progress.reviews  # noqa: B018 - reading it validates the log
        return progress

    # Writing ------------------------------------------------------------------

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
        raw = self._read_state()
        if raw is not None:
            current = self._parse(raw)
            change(current)
            unchanged = current.to_json() == raw
            if unchanged and "_reviews" not in current.__dict__ and not current.__dict__.get("_pending"):
                return current
        with self.update() as progress:
            change(progress)
        return progress

    def save(self, progress: Progress) -> None:
        with self._locked():
            self._write(progress)

    def _write(self, progress: Progress) -> None:
        """Commit `progress`: new reviews appended to the log, then the state replaced atomically.

        What the loader would refuse is never written (a status, an outcome or a key it does not
        accept would make every later command fail): ProgressError, nothing changed."""
        self._check_writable(progress.to_json(), "progress")
        on_disk = self._committed_log()
        origin = progress.__dict__.get("_origin")
        loaded = progress.__dict__.get("_reviews")
        try:
            if loaded is None and origin is not None and origin[0] == self.path and origin[1] == on_disk:
                # The history was never read: only answers added since loading go to the log.
                pending = progress.__dict__.pop("_pending", [])
                progress.log = self._append(on_disk, pending) if on_disk is not None else self._new_log(pending)
            elif (
                loaded is not None
                and on_disk is not None
                and origin is not None
                and origin[0] == self.path
                and origin[1] == on_disk
                and len(loaded) >= on_disk.count
            ):
                progress.log = self._append(on_disk, loaded[on_disk.count :])
            else:
                progress.log = self._new_log(progress.reviews)
            write_file_atomically(self.path, progress.to_json())
        except OSError as exc:
            raise ProgressError(_os_problem(self.path.parent, exc)) from None
        progress.__dict__["_origin"] = (self.path, progress.log, None)
        self._sweep(keep=progress.log)

    def _check_writable(self, data: bytes, what: str, reviews: bool = False) -> None:
        try:
            if reviews:
                msgspec.json.decode(data, type=list[Review])
            else:
                parse_document(data)
        except (ValueError, RecursionError, msgspec.MsgspecError) as exc:
            raise ProgressError(
                f"{self.path}: not saved: the {what} would not load again ({_short_reason(exc)}); "
                "your saved progress was not changed"
            ) from None

    def _lines(self, reviews: list[Review]) -> bytes:
        """The log lines of `reviews`, checked the way the log is read."""
        encoded = [msgspec.json.encode(review) for review in reviews]
        self._check_writable(b"[" + b",".join(encoded) + b"]", "answer", reviews=True)
        return b"".join(line + b"\n" for line in encoded)

    def _committed_log(self) -> LogRef | None:
        """The log reference in the state file on disk now (we hold the lock)."""
        raw = self._read_state()
        if raw is None:
            return None
        try:
            return self._parse(raw).log
        except ProgressError:
            return None  # a damaged state is being replaced by a whole new one

    def _append(self, ref: LogRef, new: list[Review]) -> LogRef:
        if not new:
            return ref
        lines = self._lines(new)
        fd = self._open_log_for_append(ref)
        try:
            os.ftruncate(fd, ref.bytes)  # drop an uncommitted tail a killed save left behind
            os.lseek(fd, ref.bytes, os.SEEK_SET)
            view = memoryview(lines)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return LogRef(id=ref.id, bytes=ref.bytes + len(lines), count=ref.count + len(new))

    def _open_log_for_append(self, ref: LogRef) -> int:
        """The log, opened to append after its committed bytes, or ProgressError if appending
        would write through a link, block on a FIFO, or cut or pad what the state counts on."""
        path = self.log_path(ref)
        problem = ref.problem() if ref.count or ref.bytes else None
        if problem is not None:
            raise self._damaged(path, problem)
        flags = os.O_RDWR | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags | (os.O_CREAT if ref.bytes == 0 else 0), 0o600)
        except OSError as exc:
            if exc.errno in _NOT_A_FILE:
                raise self._damaged(path, "review log is not a regular file") from None
            if isinstance(exc, FileNotFoundError):
                raise self._damaged(path, "review log is missing") from None
            raise
        try:
            import stat

            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise self._damaged(path, "review log is not a regular file")
            if info.st_size < ref.bytes:
                raise self._damaged(path, f"review log has {info.st_size} of its {ref.bytes} recorded bytes")
            if ref.bytes and _byte_at(fd, ref.bytes - 1) != b"\n":
                raise self._damaged(path, "review log does not end where the state says")
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _new_log(self, reviews: list[Review]) -> LogRef:
        ref = LogRef(id=os.urandom(8).hex())
        lines = self._lines(reviews)
        write_file_atomically(self.log_path(ref), lines)
        return LogRef(id=ref.id, bytes=len(lines), count=len(reviews))

    def _sweep(self, keep: LogRef | None) -> None:
        """Remove what killed saves left: temp files, and logs no state refers to. We hold the lock.

        Only names this store makes (another store's, e.g. progress.work.json's in the same
        folder, are not ours, even while its save is under way)."""
        name, stem = self._real_name, re.escape(Path(self._real_name).stem)
        log = stem + r"\.reviews-[0-9a-f]{8,32}\.jsonl"
        ours = re.compile(rf"{log}|\.(?:{re.escape(name)}|{log})\.[A-Za-z0-9_]+\.tmp")
        keep_name = self.log_path(keep).name if keep else None
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for entry in names:
            if ours.fullmatch(entry) and entry != keep_name:
                _unlink(self.folder / entry)

    # Maintenance ----------------------------------------------------------------

    def repair(self) -> Path | None:
        """Move an unreadable state or log aside as <name>.corrupt-<time>; return where it went.

        A damaged log keeps every review before the damage: they start the new log."""
        with self._locked():
            try:
                self.check()
                return None
            except ProgressError as exc:
                if getattr(exc, "newer", False):
                    raise  # not damaged: a newer aieng reads it
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
            try:
                progress = self.load()
            except ProgressError as exc:
                if getattr(exc, "newer", False):
                    raise
                return self._repair_state(stamp)
            ref = progress.log
            assert ref is not None  # an unreadable log implies there is one
            log = self.log_path(ref)
            kept = _salvage_log(log, ref)
            target = log.with_name(f"{log.name}.corrupt-{stamp}")
            # A copy is set aside first and the damaged log stays until the new state commits
            # (the sweep then removes it): a repair killed half-way can simply be run again.
            _set_aside(log, target)
            progress.__dict__["_reviews"] = kept
            progress.__dict__.pop("_origin", None)
            self._write(progress)
            return target

    def _repair_state(self, stamp: str) -> Path:
        """Move an unreadable state aside. Its review log is usually fine (a state is rewritten on
        every answer, its log only appended to): the fresh progress starts with its reviews."""
        raw = self._read_state() or b""
        self._keep_logs(f"corrupt-{stamp}")  # before the next save sweeps them
        found = _LOG_ID.search(raw)
        kept = []
        if found:
            ref = LogRef(id=found.group(1).decode(), bytes=MAX_DOCUMENT_BYTES)
            kept = _salvage_log(self.log_path(ref), ref)
        # Beside the real file: a symlinked progress.json stays a link to its (new) contents.
        real = Path(os.path.realpath(self.path))
        target = real.with_name(f"{real.name}.corrupt-{stamp}")
        if not kept:
            _move(real, target)
            return target
        _set_aside(real, target)  # a copy first: killed before the new state commits, run it again
        fresh = Progress()
        fresh.__dict__["_reviews"] = kept
        self._write(fresh)
        return target

    def _keep_logs(self, suffix: str) -> None:
        """Hard-link every review log of this store as <log>.<suffix> (names the sweep leaves)."""
        log = re.compile(re.escape(Path(self._real_name).stem) + r"\.reviews-[0-9a-f]{8,32}\.jsonl")
        try:
            names = [name for name in os.listdir(self.folder) if log.fullmatch(name)]
        except OSError:
            return
        for name in names:
            _set_aside(self.folder / name, self.folder / f"{name}.{suffix}")

    def backup(self) -> Path | None:
        """Copy the current progress to progress.json.bak-<time> as one document; None if none.
        A progress that cannot be read is kept byte for byte, its review logs beside it."""
        raw = self._read_state()
        if raw is None:
            return None
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        try:
            document = self._parse(raw).to_document()
        except ProgressError:
            document = raw  # keep a damaged file byte for byte
            self._keep_logs(f"bak-{stamp}")  # ...and the answers the next save would sweep
        try:
            write_file_atomically(target, document)
        except OSError as exc:
            raise ProgressError(_os_problem(self.path.parent, exc)) from None
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


def default_store() -> ProgressStore:
    from .paths import progress_file

    return ProgressStore(progress_file())


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def export_to(store: ProgressStore, target: Path) -> None:
    """Write a validated, self-contained copy of the progress (never over an existing file)."""
    if _exists(target):
        raise ProgressError(f"{target}: already exists; choose another file name")
    document = store.check().to_document()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(target, document)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProgressError(f"{target}: cannot write ({reason})") from None


def import_from(store: ProgressStore, source: Path) -> Path | None:
    """Replace progress with a validated file; the old one is kept as a backup (returned)."""
    try:
        raw = read_regular_file(source, max_bytes=MAX_DOCUMENT_BYTES, what="file to import")
    except FileReadError as exc:
        raise ProgressError(str(exc)) from None
    try:
        incoming, inline = parse_document(raw)
    except (ValueError, RecursionError, msgspec.MsgspecError) as exc:
        raise ProgressError(
            f"{source}: not an aieng progress export ({_short_reason(exc)}); your progress was not changed"
        ) from None
    if inline is None and incoming.log is not None:
        raise ProgressError(
            f"{source}: is a progress state file without its review log; import a file made by "
            "`aieng progress export` instead"
        )
    incoming.log = None
    incoming.__dict__["_reviews"] = inline or []
    with store._locked():
        backup = store.backup()
        store._write(incoming)
    return backup


def reset(store: ProgressStore) -> Path | None:
    """Start fresh, keeping the old progress as a backup (returned)."""
    with store._locked():
        backup = store.backup()
        store._write(Progress())
    return backup
