"""The learner's day: reviews due by local midnight, this week's planned topics, where they stand
on the plan, and one next action. `aieng today`, `aieng status` and the dashboard render it.

Days are the learner's local days (a configured zone, `TZ`, or the system's), never UTC days:
a review due at 23:00 local time is due "today" even when that is already tomorrow in UTC.
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use.

import os
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import msgspec

from .errors import PlanError
from .plan import Plan, PlannedTopic, build_plan
from .progress import Progress
from .roadmap import Roadmap
from .tutor.scheduler import due_topics

BEHIND_TO_REPLAN = 1  # weeks behind at which `today` offers `aieng plan --replan`


def local_zone(name: str | None = None) -> tzinfo | None:
    """The learner's zone: `name` (the setting; must be a real IANA zone), else `TZ` when it names
    one, else None: the system's local time, which `astimezone(None)` applies per instant (so
    summer time is right on both sides of a change, and POSIX TZ strings like "CET-1CEST" work)."""
    if name and name.strip():
        zone = _named_zone(name.strip())
        if zone is None:
            raise PlanError(f"unknown time zone {name!r}; use a name like Europe/Berlin or America/New_York")
        return zone
    from_env = os.environ.get("TZ", "").strip().lstrip(":")
    zone = _named_zone(from_env) if from_env and not from_env.startswith("/") else None
    return zone


def _named_zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only when a zone is named

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local_day(now: datetime, zone: tzinfo | None) -> date:
    return now.astimezone(zone).date()


def end_of_day(day: date, zone: tzinfo | None) -> datetime:
    """The last instant of the local `day`, in UTC (what due dates are compared with)."""
    return (datetime.combine(day + timedelta(days=1), time(0), zone) - timedelta(microseconds=1)).astimezone(
        timezone.utc
    )


class Item(msgspec.Struct, frozen=True):
    id: str
    title: str
    hours: float = 0.0
    status: str = "todo"
    kind: str = "topic"  # "topic" | "milestone" (a portfolio project)


class Action(msgspec.Struct, frozen=True):
    command: str  # what to type, e.g. "aieng quiz"
    reason: str  # one sentence saying why this, now


class Today(msgspec.Struct, frozen=True):
    day: date
    zone: str
    track: str
    track_title: str
    week: int  # the plan week `day` falls in (0 before the start)
    weeks_total: int
    weeks_behind: int  # negative when ahead
    standing: str  # "week 22 of 35 · 3 weeks behind"
    due: list[Item]  # reviews due by the end of the local day
    this_week: list[Item]  # what the plan lays in this week
    next: Action
    offer_replan: bool
    plan_percent: int  # share of the planned hours done (status's "% done" counts topics)
    practice: str = ""  # "Practice: 12/130 exercises passed — next: …", once the learner has practised
    projects: list[str] = []  # "RAG platform: stage 3 of 7", one line per guided project

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)


def today(roadmap: Roadmap, progress: Progress, now: datetime, zone: tzinfo | None) -> Today:
    """Everything the learner needs to know this morning, from plan + progress + clock + zone."""
    if not progress.track:
        raise PlanError("no track chosen yet: run `aieng plan` to pick one")
    day = local_day(now, zone)
    hours = progress.hours_per_week or 10
    plan = build_plan(roadmap, progress.track, hours, progress.started_on or day, progress, zone)
    titles = {t.id: t.title for t in roadmap.topics}
    due = [
        Item(t, titles.get(t, t), status=progress.status(t))
        for t in due_topics(roadmap, progress, end_of_day(day, zone))
    ]
    week = (day - plan.start).days // 7 + 1 if day >= plan.start else 0
    by_id = {t.id: t for t in plan.topics}
    this_week = []
    if 1 <= week <= len(plan.weeks):
        for item_id, hours in plan.weeks[week - 1].topics:
            topic = by_id[item_id]
            this_week.append(Item(item_id, topic.title, hours, topic.status, topic.kind))
    behind = weeks_behind(plan, week)
    pending = [t for t in plan.topics if t.start is not None and t.status != "done"]
    return Today(
        day=day,
        zone=zone_name(zone),
        track=plan.track,
        track_title=plan.track_title,
        week=week,
        weeks_total=len(plan.weeks),
        weeks_behind=behind,
        standing=standing(plan, week, behind, day, bool(pending)),
        due=due,
        this_week=this_week,
        next=next_action(due, this_week, pending, behind),
        offer_replan=behind >= BEHIND_TO_REPLAN and bool(pending),
        plan_percent=_percent_done(plan),
        practice=_practice_line(roadmap, progress),
        projects=_project_lines(progress),
    )


def _practice_line(roadmap: Roadmap, progress: Progress) -> str:
    """Only learners who practise pay for reading the exercise index."""
    if not progress.practice.results:
        return ""
    from .practice import started_summary

    practised = started_summary(roadmap, progress)
    return practised.line() if practised else ""


def _project_lines(progress: Progress) -> list[str]:
    if not any(p.stage_count for p in progress.projects):
        return []
    from .projects import project_progress

    return project_progress(progress)


def weeks_behind(plan: Plan, week: int) -> int:
    """Whole weeks of planned work not yet done (negative: done ahead of the plan)."""
    expected = min(plan.total_hours, max(0, week - 1) * plan.hours_per_week)
    done = sum(t.hours for t in plan.topics if t.start is not None and t.status == "done")
    gap = (expected - done) / plan.hours_per_week
    return int(gap + 1e-9) if gap >= 0 else -int(-gap + 1e-9)


def standing(plan: Plan, week: int, behind: int, day: date, pending: bool) -> str:
    if not pending:
        return "track complete: every planned topic is done"
    if week == 0:
        days = (plan.start - day).days
        return f"starts {plan.start:%a %d %b %Y} (in {days} day{'s' if days != 1 else ''})"
    where = f"week {week} of {len(plan.weeks)}"
    if behind > 0:
        return f"{where} · {_weeks(behind)} behind"
    if behind < 0:
        return f"{where} · ahead by {_weeks(-behind)}"
    return f"{where} · on track"


def next_action(due: list[Item], this_week: list[Item], pending: list[PlannedTopic], behind: int = 0) -> Action:
    """One suggestion: due reviews first, then a topic being learned, then this week's work (or,
    when behind, the first unfinished topic of the plan)."""
    if due:
        names = ", ".join(item.title for item in due[:3]) + (" …" if len(due) > 3 else "")
        return Action("aieng quiz", f"{len(due)} review{'s' if len(due) != 1 else ''} due today: {names}")
    waiting = [Item(t.id, t.title, t.hours, t.status, t.kind) for t in pending]
    open_now = [i for i in this_week if i.status != "done"]
    learning = [i for i in waiting if i.status == "learning"]
    candidates = learning or (waiting[:1] if behind > 0 else open_now) or waiting[:1]
    if not candidates:
        return Action("aieng new --list", "Every planned topic is done: build or polish a portfolio project.")
    item = candidates[0]
    if item.kind == "milestone":
        return _project_action(item)
    if item.status == "learning":
        return Action(f"aieng quiz {item.id}", f"Practise {item.title}, which you are learning.")
    return Action(f"aieng topic {item.id}", f"Read the lesson on {item.title}, next in your plan.")


def _project_action(item: Item) -> Action:
    from .plan import parse_stage_id

    stage = parse_stage_id(item.id)
    if stage is None:
        return Action(f"aieng new {item.id}", f"Portfolio milestone: start your {item.title}.")
    template, number = stage
    if number == 1 and item.status == "todo":
        return Action(f"aieng new {template} --guided", f"Portfolio project: start {item.title}.")
    reason = f"Portfolio project, in its folder: build {item.title}; `aieng check` tests it."
    return Action(f"aieng check --explain {number}", reason)


def zone_name(zone: tzinfo | None) -> str:
    return getattr(zone, "key", None) or datetime.now(timezone.utc).astimezone(zone).tzname() or "local"


def _percent_done(plan: Plan) -> int:
    planned = [t for t in plan.topics if t.start is not None]
    total = sum(t.hours for t in planned)
    return 100 if total == 0 else round(100 * sum(t.hours for t in planned if t.status == "done") / total)


def _weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"
