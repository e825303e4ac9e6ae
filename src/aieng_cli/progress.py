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
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

from .errors import FileMissing, FileReadError, ProgressError
from .files import read_regular_file, write_file_atomically

SCHEMA = 2
Status = Literal["todo", "learning", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "learning", "done", "skipped")
LOCK_TIMEOUT_S = 30
MAX_STATE_BYTES = 32 << 20  # the state holds no reviews: even a huge roadmap stays far below
MAX_DOCUMENT_BYTES = 1 << 30  # an export or an old single-file progress, reviews inline
MAX_TEXT = 100_000  # characters of one stored string (answers are cut to 4,000 before this)
MAX_DAY_RATINGS = 1000  # one topic's answers in one day (tutor/scheduler.py keeps far fewer)
MAX_COUNT = 10**9  # any counter a store keeps; far below what JSON and msgspec can still encode
FIRST_START, LAST_START = date(1970, 1, 1), date(2200, 12, 31)  # plan start dates a store accepts

AwareDatetime = Annotated[datetime, Meta(tz=True)]
Id = Annotated[str, Meta(min_length=1, max_length=200)]
Count = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Text = Annotated[str, Meta(max_length=MAX_TEXT)]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def clean_text(text: str) -> str:
    """Text that can always be saved: lone surrogates (undecodable terminal bytes) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    # Bytes a terminal could not decode arrive as surrogate escapes (U+DC80-U+DCFF): decode them
    # for real; any other lone surrogate becomes U+FFFD.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class _Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class TopicState(_Model):
    status: Status = "todo"
    updated: AwareDatetime = field(default_factory=utcnow)


class FsrsCard(_Model, kw_only=True):
    """An fsrs.Card, validated field by field so a damaged file cannot reach the scheduler."""

    card_id: Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]  # what the file format can hold again
    state: Annotated[int, Meta(ge=1, le=3)]
    step: Annotated[int, Meta(ge=0, le=100)] | None = None
    stability: Annotated[float, Meta(gt=0, le=1e6)] | None = None
    difficulty: Annotated[float, Meta(ge=1, le=10)] | None = None
    due: AwareDatetime
    last_review: AwareDatetime | None = None

    def __post_init__(self) -> None:
        # fsrs asserts these on the next review: a card past learning (Review, Relearning) has
        # been reviewed, so it has a memory state; memory state comes as a pair.
        if (self.stability is None) != (self.difficulty is None):
            raise ValueError("card has only one of stability and difficulty")
        if self.state != 1 and (self.stability is None or self.last_review is None):
            raise ValueError(f"card in state {self.state} has no stability, difficulty or last review")


class TopicCard(_Model):
    """A topic's card, and what one-review-per-day scheduling needs (see tutor/scheduler.py)."""

    card: FsrsCard
    day: date | None = None  # the learner's local day of the last review folded into `card`
    base: FsrsCard | None = None  # the card as it was before that day's first answer
    # that day's answers, one rating each
    day_ratings: Annotated[list[Annotated[int, Meta(ge=1, le=4)]], Meta(max_length=MAX_DAY_RATINGS)] = []


class Review(_Model):
    """One graded answer, appended to the log and never rewritten."""

    topic: Id
    question: Text
    score: Annotated[int, Meta(ge=0, le=4)]
    rating: Annotated[int, Meta(ge=1, le=4)]
    answer: Text = ""
    model: Text = "bank"
    at: AwareDatetime = field(default_factory=utcnow)
    question_id: Id | None = None
    feedback: Text = ""


class Project(_Model):
    template: Id
    path: Text
    at: AwareDatetime = field(default_factory=utcnow)
    # `aieng check` (projects.py): stage number -> when it first passed, and how many stages there are.
    stages: dict[Annotated[str, Meta(pattern="^[1-9][0-9]?$")], AwareDatetime] = {}
    stage_count: Annotated[int, Meta(ge=0, le=99)] = 0


class PracticeResult(_Model):
    """One exercise of `aieng practice`: checks run, when it first passed, hints shown, solution revealed."""

    attempts: Count = 0
    passed_at: AwareDatetime | None = None
    hints_used: Annotated[int, Meta(ge=0, le=100)] = 0
    revealed: bool = False
    last: Literal["passed", "failed", "error", "timeout", "syntax", ""] = ""
    last_at: AwareDatetime | None = None


class PracticeState(_Model):
    """Practice results by exercise id, the practice folder chosen with --dir, the current exercise."""

    folder: Text | None = None
    current: Id | None = None
    results: dict[Id, PracticeResult] = {}

    def passed(self) -> set[str]:
        return {k for k, r in self.results.items() if r.passed_at is not None}

    def result(self, exercise_id: str) -> PracticeResult:
        return self.results.setdefault(exercise_id, PracticeResult())

    def record_check(self, exercise_id: str, outcome: str, now: datetime | None = None) -> PracticeResult:
        result = self.result(exercise_id)
        now = now or utcnow()
        result.attempts = min(result.attempts + 1, MAX_COUNT)
        result.last, result.last_at = outcome, now  # type: ignore[assignment]
        if outcome == "passed" and result.passed_at is None:
            result.passed_at = now
        return result


class PlanRecord(_Model, frozen=True):
    """One earlier plan, kept when the learner re-plans (`aieng plan --replan`)."""

    track: Id
    hours_per_week: Annotated[float, Meta(gt=0, le=168)]
    started_on: date
    replaced_on: date
    at: AwareDatetime | None = None


class LogRef(_Model):
    """Which review log belongs to this state, and how much of it is committed."""

    id: Annotated[str, Meta(pattern="^[0-9a-f]{8,32}$")]
    bytes: Annotated[int, Meta(ge=0, le=2**62)] = 0
    count: Count = 0

    def problem(self) -> str | None:
        """Why these numbers cannot describe a log (every review is a line of at least 2 bytes)."""
        if (self.count == 0) != (self.bytes == 0) or 2 * self.count > self.bytes:
            return f"review log reference is inconsistent ({self.count} reviews in {self.bytes} bytes)"
        return None


class Progress(_Model, dict=True, kw_only=True):
    schema_: int = field(default=SCHEMA, name="schema")
    track: Id | None = None
    hours_per_week: Annotated[float, Meta(gt=0, le=168)] | None = None
    started_on: date | None = None
    topics: dict[Id, TopicState] = {}
    cards: dict[Id, TopicCard] = {}
    projects: list[Project] = []
    practice: PracticeState = field(default_factory=PracticeState)
    plans: list[PlanRecord] = []  # earlier plans, oldest first
    log: LogRef | None = None

    def __post_init__(self) -> None:
        if self.started_on is not None and not FIRST_START <= self.started_on <= LAST_START:
            raise ValueError(f"started_on {self.started_on} is not a plausible start date")

    @property
    def reviews(self) -> list[Review]:
        """Every graded answer, oldest first. Read from the log on first use only."""
        reviews = self.__dict__.get("_reviews")
        if reviews is None:
            reader = self.__dict__.get("_read_log")
            reviews = [*(reader() if reader is not None else []), *self.__dict__.pop("_pending", [])]
            self.__dict__["_reviews"] = reviews
        return reviews

    def add_review(self, review: Review) -> None:
        """Record an answer without reading the history: what keeps an answer's cost flat."""
        if "_reviews" in self.__dict__:
            self.__dict__["_reviews"].append(review)
        else:
            self.__dict__.setdefault("_pending", []).append(review)

    def status(self, topic_id: str) -> Status:
        state = self.topics.get(topic_id)
        return state.status if state else "todo"

    def set_status(self, topic_id: str, status: Status) -> None:
        self.topics[topic_id] = TopicState(status=status)

    def to_json(self) -> bytes:
        """The state file's bytes (reviews live in the log)."""
        return msgspec.json.format(msgspec.json.encode(self), indent=1)

    def to_document(self) -> bytes:
        """A self-contained copy with the reviews inline: what export writes and import reads."""
        fields = {f: getattr(self, f) for f in self.__struct_fields__ if f != "log"}
        document = msgspec.to_builtins(_Document(**fields, reviews_=self.reviews))
        del document["log"]  # the reviews travel inline
        return msgspec.json.format(msgspec.json.encode(document), indent=1)


class _Document(Progress, dict=True, kw_only=True):
    """A whole progress in one JSON file: an export, or a file of schema 1 (reviews inline)."""

    reviews_: list[Review] = field(default=[], name="reviews")


# Migrations: MIGRATIONS[n] turns a schema-n document into schema n+1.
def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept bare fsrs cards; schema 2 wraps them with that day's scheduling data."""
    cards = data.get("cards", {})
    if isinstance(cards, dict):
        data["cards"] = {topic: {"card": card} for topic, card in cards.items()}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


class NewerSchema(ValueError):
    """The file was written by a newer aieng: not damaged, and not ours to move aside."""


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema", 1)
    if type(version) is not int or version < 1:
        raise ValueError(f"schema {version!r} is not a schema version (a positive whole number)")
    if version > SCHEMA:
        raise NewerSchema(f"schema {version} is newer than this aieng understands ({SCHEMA})")
    while version < SCHEMA:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def parse_document(raw: bytes) -> tuple[Progress, list[Review] | None]:
    """Validate a state file or a document; return it and its inline reviews (None if it has none).

    The one check used by load, import and repair. Raises ValueError or msgspec errors."""
    data = msgspec.json.decode(raw)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    data = _migrate(data)
    inline = "reviews" in data
    if inline and data.get("log") is not None:
        raise ValueError("has both inline reviews and a review log")
    document = msgspec.convert(data, type=_Document)
    fields = {f: getattr(document, f) for f in Progress.__struct_fields__}
    return Progress(**fields), (document.reviews_ if inline else None)


class ProgressStore:
    """Loads, locks and atomically saves the state file and its review log."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

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


_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_LOG_ID = re.compile(rb'"log"\s*:\s*\{[^{}]*?"id"\s*:\s*"([0-9a-f]{8,32})"')
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a log is never a link: appending would write through it
_NOT_A_FILE = {errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.ENOTDIR, errno.EMLINK}


def _parse_log(data: bytes, count: int, damaged: Callable[[str], ProgressError]) -> list[Review]:
    """The committed lines of a log, decoded in one call; a bad line is named by its number."""
    if data.count(b"\n") != count or not data.endswith(b"\n"):
        raise damaged(f"review log does not hold the {count} recorded reviews")
    try:
        return msgspec.json.decode(b"[" + data[:-1].replace(b"\n", b",") + b"]", type=list[Review])
    except (msgspec.MsgspecError, RecursionError):
        pass
    for number, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            msgspec.json.decode(line, type=Review)
        except (msgspec.MsgspecError, RecursionError) as exc:
            raise damaged(f"review log line {number}: {_short_reason(exc)}") from None
    raise damaged("review log is not valid")  # pragma: no cover - some line must have failed


def _read_prefix(path: Path, size: int) -> bytes:
    """At most `size` bytes from the start of a regular file (never blocks on a FIFO)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno in _NOT_A_FILE:
            raise OSError(exc.errno, "not a regular file") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        chunks, total = [], 0
        while total < size:
            chunk = os.read(fd, min(1 << 24, size - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _byte_at(fd: int, offset: int) -> bytes:
    """One byte of an open file (os.pread does not exist on Windows)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, 1)


def _salvage_log(path: Path, ref: LogRef) -> list[Review]:
    """Every whole, valid review line of a log, in order: a damaged line costs only itself (and
    answers recorded after the damage are kept)."""
    kept: list[Review] = []
    try:
        data = _read_prefix(path, min(ref.bytes, MAX_DOCUMENT_BYTES))
    except OSError:
        return kept
    for line in data.split(b"\n")[:-1]:  # the piece after the last newline is not a whole line
        try:
            kept.append(msgspec.json.decode(line, type=Review))
        except (msgspec.MsgspecError, RecursionError):
            continue
    return kept


def _set_aside(path: Path, target: Path) -> None:
    """Keep a copy of `path` as `target`: a hard link of the entry itself, else a copy of a
    regular file (no hard links here), else (a FIFO, a folder) move it."""
    import shutil

    try:
        os.link(path, target, follow_symlinks=False)
        return
    except FileNotFoundError:
        return  # nothing left to keep
    except (OSError, NotImplementedError):  # NotImplementedError: no follow_symlinks (Windows)
        pass
    try:
        shutil.copy2(path, target, follow_symlinks=False)  # refuses FIFOs and folders
    except OSError:
        _unlink(target)
        _move(path, target)


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


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise ProgressError(f"{source}: cannot move it aside ({exc.strerror or exc})") from None


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _os_problem(folder: Path, exc: OSError) -> str:
    return f"{folder}: cannot write progress there ({exc.strerror or exc}); set AIENG_HOME to a writable folder"


def _short_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


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
