"""The progress store's data: typed, validated models of everything a learner's progress holds.

Every field is checked on load (tz-aware dates, bounded numbers and strings, known statuses),
so nothing a damaged or hand-edited file holds can reach the scheduler or a screen. The store
itself (locking, atomic writes, the review log) is progress.py.
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

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


_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
