"""Where the learner stands on their track: per-phase completion, counts, next topics."""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

import msgspec

from .errors import PlanError
from .plan import MILESTONE_IDS, study_order
from .progress import STATUSES, Progress, Review, utcnow
from .roadmap import Roadmap, Topic
from .today import end_of_day, local_day
from .tutor.scheduler import due_topics


class PhaseProgress(msgspec.Struct, frozen=True):
    id: str
    title: str
    total: int
    done: int
    learning: int
    skipped: int

    @property
    def percent(self) -> int:
        """Done share of the topics the learner has not skipped."""
        wanted = self.total - self.skipped
        return 100 if wanted == 0 else round(100 * self.done / wanted)


class Retired(msgspec.Struct, frozen=True):
    """Progress kept for a topic the current roadmap no longer has."""

    topic_id: str
    status: str
    reviews: int


class Overview(msgspec.Struct, frozen=True):
    track: str
    track_title: str
    phases: list[PhaseProgress]
    counts: dict[str, int]
    percent: int
    next_topics: list[Topic]
    reviews: int
    retired: list[Retired]
    due: list[str]  # topic ids whose review is due now
    projects: list[tuple[str, str]]  # (template, path) scaffolded with `aieng new`


def overview(
    roadmap: Roadmap, progress: Progress, next_count: int = 3, now: datetime | None = None, zone: tzinfo | None = None
) -> Overview:
    """`zone` is the learner's: reviews due before their local midnight count as due today."""
    if not progress.track:
        raise PlanError("no track chosen yet: run `aieng plan` to pick one")
    track = roadmap.track(progress.track)
    order = study_order(roadmap, track.id)
    by_id = {t.id: t for t in roadmap.topics}
    phases = []
    for phase in roadmap.phases:
        statuses = [progress.status(t) for t in order if by_id[t].phase == phase.id]
        if statuses:
            c = Counter(statuses)
            phases.append(PhaseProgress(phase.id, phase.title, len(statuses), c["done"], c["learning"], c["skipped"]))
    counts = Counter(progress.status(t) for t in order)
    wanted = len(order) - counts["skipped"]
    learning = [t for t in order if progress.status(t) == "learning"]
    todo = [t for t in order if progress.status(t) == "todo"]
    return Overview(
        track=track.id,
        track_title=track.title,
        phases=phases,
        counts={s: counts[s] for s in STATUSES},
        percent=100 if wanted == 0 else round(100 * counts["done"] / wanted),
        next_topics=[by_id[t] for t in (learning + todo)[:next_count]],
        reviews=len(progress.reviews),
        retired=retired_topics(roadmap, progress),
        due=due_topics(roadmap, progress, end_of_day(local_day(now or utcnow(), zone), zone)),
        projects=[(p.template, p.path) for p in progress.projects],
    )


def retired_topics(roadmap: Roadmap, progress: Progress) -> list[Retired]:
    """Topics with saved status or reviews that the roadmap no longer lists (never dropped)."""
    known = {t.id for t in roadmap.topics} | MILESTONE_IDS  # a milestone's status is not a lost topic
    reviews = Counter(r.topic for r in progress.reviews)
    ids = sorted((set(progress.topics) | set(reviews)) - known)
    return [Retired(t, progress.status(t), reviews[t]) for t in ids]


class DayActivity(msgspec.Struct, frozen=True):
    day: date
    reviews: int
    average_score: float  # 0 when there were no reviews


def activity(reviews: Iterable[Review], today: date, zone: tzinfo | None = None, days: int = 30) -> list[DayActivity]:
    """Reviews and average score per local day over the last `days` days (oldest first)."""
    first = today - timedelta(days=days - 1)
    scores: dict[date, list[int]] = {}
    for review in reviews:
        day = review.at.astimezone(zone).date()
        if first <= day <= today:
            scores.setdefault(day, []).append(review.score)
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        got = scores.get(day, [])
        result.append(DayActivity(day, len(got), round(sum(got) / len(got), 2) if got else 0.0))
    return result


def streak(reviews: Iterable[Review], today: date, zone: tzinfo | None = None) -> int:
    """Consecutive local days with at least one review, ending today (or yesterday, if none yet today)."""
    days = {r.at.astimezone(zone).date() for r in reviews}
    current = today if today in days else today - timedelta(days=1)
    count = 0
    while current in days:
        count += 1
        current -= timedelta(days=1)
    return count


def text_bar(percent: int, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)
