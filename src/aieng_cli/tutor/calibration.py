"""The grader calibration set and how well a grader agrees with it.

The set (data/calibration.yaml) holds learner answers to bank short-answer questions with the
score a strict examiner gave. `grade_all` runs a Tutor's own `grade` (the call quizzes make)
over chosen cases; `agreement` turns the results into the figures bench/grader_agreement.py and
`aieng doctor --grading` report. No model, no network here: the caller passes the tutor in.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import msgspec
from msgspec import Meta

from ..errors import AiengError, FileReadError, TutorUnavailable

if TYPE_CHECKING:
    from ..roadmap import Roadmap, ShortQuestion, Topic
    from .llm import Tutor

CASES = ("typical", "terse-right", "long-wrong", "partial", "wrong-detail", "off-topic", "empty-ish", "injection")
MAX_BYTES = 2 * 1024 * 1024


class Answer(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: Annotated[str, Meta(pattern=r"^cal-\d{3,}$")]
    question: Annotated[str, Meta(min_length=1)]
    case: Literal[CASES]  # type: ignore[valid-type]
    answer: Annotated[str, Meta(min_length=1, max_length=4000)]
    score: Annotated[int, Meta(ge=0, le=4)]
    reason: Annotated[str, Meta(min_length=5, max_length=300)]
    points: Annotated[list[Literal["covered", "partly", "missed"]], Meta(min_length=1, max_length=12)]
    contradicts: bool = False


class CalibrationSet(msgspec.Struct, forbid_unknown_fields=True):
    version: Literal[1]
    answers: list[Answer]


@dataclass(frozen=True)
class Case:
    """One calibration answer joined with the bank question it answers."""

    item: Answer
    topic: Topic
    question: ShortQuestion

    @property
    def key(self) -> str:
        """Changes whenever what the grader sees changes, so a cache never serves a stale grade."""
        text = "\n".join([self.question.prompt, self.question.answer, *self.question.key_points, self.item.answer])
        return f"{self.item.id}:{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def load_calibration(path: Path | None = None) -> CalibrationSet:
    import yaml

    from ..files import read_text_file
    from ..resources import calibration_path

    path = path or calibration_path()
    try:
        data = yaml.safe_load(read_text_file(path, max_bytes=MAX_BYTES, what="calibration set"))
        loaded = msgspec.convert(data, type=CalibrationSet)
    except FileReadError as exc:
        raise AiengError(str(exc)) from None
    except (yaml.YAMLError, msgspec.ValidationError) as exc:
        raise AiengError(f"{path}: invalid calibration set ({str(exc).splitlines()[0]})") from None
    ids = [a.id for a in loaded.answers]
    if len(set(ids)) != len(ids):
        raise AiengError(f"{path}: duplicate answer ids")
    return loaded


def cases(roadmap: Roadmap, calibration: CalibrationSet) -> list[Case]:
    """Join every answer with its question; an unknown or non-short question is an error."""
    from ..roadmap import ShortQuestion

    by_id = {q.id: (t, q) for t in roadmap.topics for q in t.questions}
    joined = []
    for item in calibration.answers:
        if item.question not in by_id:
            raise AiengError(f"calibration answer {item.id}: no question {item.question!r} in the roadmap")
        topic, question = by_id[item.question]
        if not isinstance(question, ShortQuestion):
            raise AiengError(f"calibration answer {item.id}: {item.question} is not a short-answer question")
        if len(item.points) != len(question.key_points):
            raise AiengError(
                f"calibration answer {item.id}: {len(item.points)} point judgements for "
                f"{len(question.key_points)} key points"
            )
        joined.append(Case(item, topic, question))
    return joined


def doctor_sample(all_cases: list[Case], per_score: int = 2) -> list[Case]:
    """A fixed, small sample: `per_score` answers at each score 0-4, from different topics."""
    chosen: list[Case] = []
    topics: set[str] = set()
    for score in range(5):
        picked = 0
        for case in all_cases:
            if picked < per_score and case.item.score == score and case.topic.id not in topics:
                chosen.append(case)
                topics.add(case.topic.id)
                picked += 1
    return chosen


# Running a grader -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One graded calibration answer: the model's score, or None with the reason it failed."""

    id: str
    key: str
    expected: int
    score: int | None
    seconds: float
    attempts: int  # model calls made (2 = the first output was invalid and was retried)
    error: str | None = None
    points_agreed: int | None = None  # key-point grading: judgements equal to the examiner's
    points_total: int | None = None


def grade_one(tutor: Tutor, case: Case) -> Outcome:
    q = case.question
    before = getattr(tutor, "attempts", 0)
    start = time.perf_counter()
    agreed = total = None
    try:
        grade = tutor.grade(case.topic, q.prompt, q.answer, q.key_points, case.item.answer)
        score, error = grade.score, None
        if grade.points is not None:
            agreed = sum(a == b for a, b in zip(grade.points, case.item.points, strict=True))
            total = len(case.item.points)
    except TutorUnavailable as exc:
        score, error = None, str(exc)
    seconds = time.perf_counter() - start
    attempts = getattr(tutor, "attempts", 0) - before
    return Outcome(case.item.id, case.key, case.item.score, score, seconds, attempts, error, agreed, total)


def grade_all(
    tutor: Tutor,
    todo: Iterable[Case],
    done: Callable[[Outcome], None] = lambda _outcome: None,
) -> list[Outcome]:
    """Grade each case in turn through the tutor's own grading path; `done` sees each result as
    it arrives (to save it, or to move a progress bar)."""
    results = []
    for case in todo:
        outcome = grade_one(tutor, case)
        results.append(outcome)
        done(outcome)
    return results


# Agreement figures -----------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    n: int
    graded: int
    spearman: float | None
    qwk: float | None
    exact: float | None
    within_one: float | None
    failed_rate: float  # grades that never came (invalid twice, timeouts): the learner self-rates
    invalid_rate: float | None  # model outputs that were invalid, over all model calls
    median_s: float | None
    p95_s: float | None
    point_agreement: float | None = None  # key-point grading: share of judgements equal to the examiner's

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def agreement(outcomes: list[Outcome]) -> Agreement:
    pairs = [(o.expected, o.score) for o in outcomes if o.score is not None]
    truth, given = [p[0] for p in pairs], [p[1] for p in pairs]
    attempts = sum(o.attempts for o in outcomes)
    invalid = sum(max(o.attempts - 1, 0) for o in outcomes) + sum(
        1 for o in outcomes if o.error and "invalid output" in o.error
    )
    times = sorted(o.seconds for o in outcomes)
    return Agreement(
        n=len(outcomes),
        graded=len(pairs),
        spearman=spearman(truth, given),
        qwk=quadratic_weighted_kappa(truth, given),
        exact=_share(sum(a == b for a, b in pairs), len(pairs)),
        within_one=_share(sum(abs(a - b) <= 1 for a, b in pairs), len(pairs)),
        failed_rate=_share(len(outcomes) - len(pairs), len(outcomes)) or 0.0,
        invalid_rate=_share(invalid, attempts),
        median_s=statistics.median(times) if times else None,
        p95_s=percentile(times, 0.95),
        point_agreement=_share(sum(o.points_agreed or 0 for o in outcomes), sum(o.points_total or 0 for o in outcomes)),
    )


def spearman(a: list[int], b: list[int]) -> float | None:
    """Spearman's rho: Pearson correlation of average ranks; None when either side is constant."""
    if len(a) < 2:
        return None
    return _pearson(_ranks(a), _ranks(b))


def quadratic_weighted_kappa(a: list[int], b: list[int], levels: int = 5) -> float | None:
    """Cohen's kappa with quadratic weights on the 0..levels-1 scale; None when undefined."""
    n = len(a)
    if n == 0:
        return None
    observed = [[0.0] * levels for _ in range(levels)]
    for x, y in zip(a, b, strict=True):
        observed[x][y] += 1
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(levels)) for j in range(levels)]
    num = den = 0.0
    for i in range(levels):
        for j in range(levels):
            weight = (i - j) ** 2 / (levels - 1) ** 2
            num += weight * observed[i][j]
            den += weight * hist_a[i] * hist_b[j] / n
    return None if den == 0 else 1 - num / den


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 1))  # ceil(n*q), at least 1
    return sorted_values[int(rank) - 1]


def _ranks(values: list[int]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _pearson(x: list[float], y: list[float]) -> float | None:
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return None if sxx == 0 or syy == 0 else sxy / (sxx * syy) ** 0.5


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
