"""Track + hours per week + start date -> an ordered, dated, week-by-week study plan."""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import math
from datetime import date, timedelta

import msgspec

from .errors import PlanError
from .progress import Progress
from .roadmap import Roadmap

MIN_HOURS, MAX_HOURS = 1, 80


class PlannedTopic(msgspec.Struct, frozen=True):
    id: str
    title: str
    phase: str
    hours: float
    status: str
    first_week: int  # 1-based; 0 when the topic is skipped and takes no time
    last_week: int
    start: date | None
    end: date | None


class PlannedPhase(msgspec.Struct, frozen=True):
    id: str
    title: str
    months: str
    topics: list[PlannedTopic]
    hours: float


class Week(msgspec.Struct, frozen=True):
    number: int
    start: date
    end: date
    topics: list[tuple[str, float]] = []  # (topic id, hours that week)


class Plan(msgspec.Struct, frozen=True):
    track: str
    track_title: str
    hours_per_week: float
    start: date
    finish: date
    total_hours: float
    phases: list[PlannedPhase]
    weeks: list[Week]

    @property
    def topics(self) -> list[PlannedTopic]:
        return [t for phase in self.phases for t in phase.topics]

    def to_dict(self) -> dict:
        data = msgspec.to_builtins(self)  # dates become ISO strings
        data["weeks_total"] = len(self.weeks)
        return data


def validate_hours(hours: float) -> float:
    if not (MIN_HOURS <= hours <= MAX_HOURS) or math.isnan(hours):
        raise PlanError(f"hours per week must be between {MIN_HOURS} and {MAX_HOURS}, not {hours:g}")
    return float(hours)


def parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"start date {text!r} is not a date like 2027-01-04 (YYYY-MM-DD)") from None


def study_order(roadmap: Roadmap, track_id: str) -> list[str]:
    """The track's topics, phase by phase in roadmap order, track order within a phase."""
    topics = roadmap.track_topics(track_id)
    rank = {p.id: i for i, p in enumerate(roadmap.phases)}
    return [t.id for t in sorted(topics, key=lambda t: rank[t.phase])]  # stable sort


def build_plan(
    roadmap: Roadmap, track_id: str, hours_per_week: float, start: date, progress: Progress | None = None
) -> Plan:
    """Lay the track's topics over consecutive weeks; skipped topics take no time."""
    track = roadmap.track(track_id)
    hours_per_week = validate_hours(hours_per_week)
    progress = progress or Progress()
    by_id = {t.id: t for t in roadmap.topics}
    planned: list[PlannedTopic] = []
    week_hours: dict[int, list[tuple[str, float]]] = {}
    elapsed = 0.0
    for topic_id in study_order(roadmap, track_id):
        topic = by_id[topic_id]
        status = progress.status(topic_id)
        if status == "skipped":
            planned.append(PlannedTopic(topic.id, topic.title, topic.phase, topic.hours, status, 0, 0, None, None))
            continue
        begin, elapsed = elapsed, elapsed + topic.hours
        first, last = int(begin // hours_per_week), math.ceil(elapsed / hours_per_week) - 1
        for week in range(first, last + 1):
            lo, hi = week * hours_per_week, (week + 1) * hours_per_week
            share = min(hi, elapsed) - max(lo, begin)
            week_hours.setdefault(week, []).append((topic.id, round(share, 2)))
        planned.append(
            PlannedTopic(
                topic.id,
                topic.title,
                topic.phase,
                topic.hours,
                status,
                first + 1,
                last + 1,
                start + timedelta(weeks=first),
                start + timedelta(weeks=last, days=6),
            )
        )
    total_weeks = max(1, math.ceil(elapsed / hours_per_week))
    weeks = [
        Week(n + 1, start + timedelta(weeks=n), start + timedelta(weeks=n, days=6), week_hours.get(n, []))
        for n in range(total_weeks)
    ]
    phases = []
    for phase in roadmap.phases:
        mine = [t for t in planned if t.phase == phase.id]
        if mine:
            hours = sum(t.hours for t in mine if t.status != "skipped")
            phases.append(PlannedPhase(phase.id, phase.title, phase.months, mine, hours))
    return Plan(
        track=track.id,
        track_title=track.title,
        hours_per_week=hours_per_week,
        start=start,
        finish=weeks[-1].end,
        total_hours=elapsed,
        phases=phases,
        weeks=weeks,
    )
