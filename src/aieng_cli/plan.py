"""Track + hours per week + start date -> an ordered, dated, week-by-week study plan.

Topics done before the plan's start free their slots, so re-planning from today lays only what
is left. The portfolio topic's three projects are milestones placed right after the topics they
draw on, not one block at the end.
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import math
from datetime import date, timedelta, tzinfo

import msgspec

from .errors import PlanError
from .progress import FIRST_START, LAST_START, PlanRecord, Progress
from .roadmap import Roadmap

MIN_HOURS, MAX_HOURS = 1, 80
WEEKS_PER_MONTH = 52 / 12
YEAR_WEEKS = 52
TOO_FAST_MONTHS, TOO_SLOW_MONTHS = 3, 24

PORTFOLIO = "portfolio-projects"
# (template of `aieng new`, title, the topics it draws on: placed after the last of them)
MILESTONES = (
    ("rag-platform", "Project: production RAG platform", ("rag", "vector-databases")),
    ("ai-agent", "Project: autonomous AI agent", ("ai-agents", "tool-calling")),
    ("ai-saas", "Project: AI SaaS product", ("ai-app-development", "cloud-containers")),
)
MILESTONE_SHARE = 0.3  # of the portfolio topic's hours, per project; the rest is polish at the end
MILESTONE_IDS = frozenset(m[0] for m in MILESTONES)


class PlannedTopic(msgspec.Struct, frozen=True):
    id: str
    title: str
    phase: str
    hours: float
    status: str
    first_week: int  # 1-based; 0 when the topic takes no time (skipped, or done before the start)
    last_week: int
    start: date | None
    end: date | None
    kind: str = "topic"  # "topic" | "milestone" (a portfolio project; its id is the template's)


class PlannedPhase(msgspec.Struct, frozen=True):
    id: str
    title: str
    months: str  # months of *this plan* the phase spans ("1-3"), never the roadmap's nominal ones
    topics: list[PlannedTopic]
    hours: float
    start: date | None = None
    end: date | None = None


class Week(msgspec.Struct, frozen=True):
    number: int
    start: date
    end: date
    topics: list[tuple[str, float]] = []  # (topic id, hours that week)


class Pace(msgspec.Struct, frozen=True):
    months: float  # how long this plan takes
    hours_for_12_months: float  # weekly hours that would finish the track in a year
    warning: str = ""


class Plan(msgspec.Struct, frozen=True):
    track: str
    track_title: str
    hours_per_week: float
    start: date
    finish: date
    total_hours: float
    phases: list[PlannedPhase]
    weeks: list[Week]
    pace: Pace
    optional: list[tuple[str, str]] = []  # (id, title): topics its lessons point to, not planned

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
        start = date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"start date {text!r} is not a date like 2027-01-04 (YYYY-MM-DD)") from None
    if not FIRST_START <= start <= LAST_START:  # a plan must end on a date the calendar has
        raise PlanError(f"start date {start} is out of range ({FIRST_START.year}-{LAST_START.year})")
    return start


def study_order(roadmap: Roadmap, track_id: str) -> list[str]:
    """The track's topics, phase by phase in roadmap order, track order within a phase."""
    topics = roadmap.track_topics(track_id)
    rank = {p.id: i for i, p in enumerate(roadmap.phases)}
    return [t.id for t in sorted(topics, key=lambda t: rank[t.phase])]  # stable sort


class _Item(msgspec.Struct, frozen=True):
    id: str
    title: str
    phase: str
    hours: float
    status: str
    kind: str = "topic"


def plan_items(roadmap: Roadmap, track_id: str, progress: Progress) -> list[_Item]:
    """The track's topics in study order, with the portfolio projects inserted as milestones."""
    by_id = {t.id: t for t in roadmap.topics}
    order = study_order(roadmap, track_id)
    items = [_Item(t, by_id[t].title, by_id[t].phase, by_id[t].hours, progress.status(t)) for t in order]
    if PORTFOLIO not in order:
        return items
    portfolio = by_id[PORTFOLIO]
    share = round(portfolio.hours * MILESTONE_SHARE, 1)
    scaffolded = {p.template for p in progress.projects}
    for template, title, anchors in MILESTONES:
        status = _milestone_status(progress.status(PORTFOLIO), progress.status(template), template in scaffolded)
        positions = [i for i, item in enumerate(items) if item.id in anchors]
        at = max(positions) + 1 if positions else next(i for i, item in enumerate(items) if item.id == PORTFOLIO)
        stages = [s for s in _stage_outline(template) if not s.conditional]
        if stages:
            _insert_stages(items, template, stages, at, share, status, progress)
            continue
        phase = items[at - 1].phase if positions else portfolio.phase
        items.insert(at, _Item(template, title, phase, share, status, "milestone"))
    at = next(i for i, item in enumerate(items) if item.id == PORTFOLIO)
    rest = max(0.0, portfolio.hours - len(MILESTONES) * share)
    items[at] = msgspec.structs.replace(items[at], hours=round(rest, 1))
    return items


def _stage_outline(template: str) -> list:
    from .resources import templates_dir
    from .stages import stage_outline

    return stage_outline(templates_dir() / template)


def _insert_stages(
    items: list[_Item], template: str, stages: list, first_at: int, share: float, status: str, progress: Progress
) -> None:
    """A guided project's stages as milestones: each after the last topic it uses and after the
    stage before it; a stage whose topics are not in the track follows the one before it (the
    first: where the whole project would go)."""
    from .stages import project_label

    passed = {n for p in progress.projects if p.template == template for n in p.stages}
    lower = 0
    working = status == "learning"
    for number, stage in enumerate(stages, start=1):
        positions = [i for i, item in enumerate(items) if item.id in stage.topics]
        at = max(positions[-1] + 1 if positions else (first_at if number == 1 else 0), lower)
        own = status
        if status not in ("done", "skipped"):
            own = "done" if str(number) in passed else ("learning" if working else "todo")
            working = working and own == "done"  # the first stage not passed yet is the one in progress
        title = f"{project_label(template)} stage {number}: {stage.title}"
        phase = items[at - 1].phase if at else items[0].phase
        # Differences of rounded positions, so the stages add up to the project's share exactly.
        hours = round(round(share * number / len(stages), 1) - round(share * (number - 1) / len(stages), 1), 1)
        items.insert(at, _Item(stage_id(template, number), title, phase, hours, own, "milestone"))
        lower = at + 1


def stage_id(template: str, number: int) -> str:
    """A project stage's item id in the plan: never a topic id (those have no colon)."""
    return f"{template}:{number}"


def parse_stage_id(item_id: str) -> tuple[str, int] | None:
    template, _, number = item_id.partition(":")
    return (template, int(number)) if template in MILESTONE_IDS and number.isdigit() else None


def _milestone_status(portfolio: str, own: str, scaffolded: bool) -> str:
    if portfolio in ("done", "skipped"):
        return portfolio
    if own == "todo" and scaffolded:
        return "learning"
    return own


def build_plan(
    roadmap: Roadmap,
    track_id: str,
    hours_per_week: float,
    start: date,
    progress: Progress | None = None,
    zone: tzinfo | None = None,
) -> Plan:
    """Lay the track over consecutive weeks from `start`. Skipped topics and topics done before
    `start` (in the learner's zone) take no time; topics done since keep their slots."""
    track = roadmap.track(track_id)
    hours_per_week = validate_hours(hours_per_week)
    progress = progress or Progress()
    planned: list[PlannedTopic] = []
    week_hours: dict[int, list[tuple[str, float]]] = {}
    elapsed = 0.0
    for item in plan_items(roadmap, track.id, progress):
        if item.status == "skipped" or _done_before(progress, item, start, zone) or item.hours <= 0:
            planned.append(
                PlannedTopic(item.id, item.title, item.phase, item.hours, item.status, 0, 0, None, None, item.kind)
            )
            continue
        begin, elapsed = elapsed, elapsed + item.hours
        first, last = int(begin // hours_per_week), math.ceil(elapsed / hours_per_week) - 1
        for week in range(first, last + 1):
            lo, hi = week * hours_per_week, (week + 1) * hours_per_week
            # Shares are differences of rounded positions, so they add up to the topic's hours
            # exactly (rounding each share instead drifted by ~1.5 h over a 300-week plan).
            share = round(round(min(hi, elapsed), 2) - round(max(lo, begin), 2), 2)
            week_hours.setdefault(week, []).append((item.id, share))
        planned.append(
            PlannedTopic(
                item.id,
                item.title,
                item.phase,
                item.hours,
                item.status,
                first + 1,
                last + 1,
                start + timedelta(weeks=first),
                start + timedelta(weeks=last, days=6),
                item.kind,
            )
        )
    total_weeks = max(1, math.ceil(elapsed / hours_per_week))
    weeks = [
        Week(n + 1, start + timedelta(weeks=n), start + timedelta(weeks=n, days=6), week_hours.get(n, []))
        for n in range(total_weeks)
    ]
    return Plan(
        track=track.id,
        track_title=track.title,
        hours_per_week=hours_per_week,
        start=start,
        finish=weeks[-1].end,
        total_hours=elapsed,
        phases=_phases(roadmap, planned, start),
        weeks=weeks,
        pace=pace(elapsed, hours_per_week),
        optional=[(t, roadmap.topic(t).title) for t in track.optional],
    )


def _done_before(progress: Progress, item: _Item, start: date, zone: tzinfo | None) -> bool:
    """A topic marked done by the plan's first day (before a re-plan, say): it frees its slot."""
    stage = parse_stage_id(item.id)
    if stage is not None and item.status == "done":
        template, number = stage
        key = str(number)
        passed = [p.stages[key] for p in progress.projects if p.template == template and key in p.stages]
        if passed:
            return min(passed).astimezone(zone).date() <= start
    state = progress.topics.get(item.id.partition(":")[0])
    if state is None and item.kind == "milestone":
        state = progress.topics.get(PORTFOLIO)  # done with the portfolio topic
    if item.status != "done" or state is None:
        return False
    return state.updated.astimezone(zone).date() <= start


def _phases(roadmap: Roadmap, planned: list[PlannedTopic], start: date) -> list[PlannedPhase]:
    phases = []
    for phase in roadmap.phases:
        mine = [t for t in planned if t.phase == phase.id]
        if not mine:
            continue
        hours = sum(t.hours for t in mine if t.start is not None)
        starts = [t.start for t in mine if t.start is not None]
        ends = [t.end for t in mine if t.end is not None]
        first, last = (min(starts), max(ends)) if starts else (None, None)
        phases.append(PlannedPhase(phase.id, phase.title, _months(start, first, last), mine, hours, first, last))
    return phases


def _months(start: date, first: date | None, last: date | None) -> str:
    """'3-5': the months of this plan (month 1 starts on the plan's first day) a phase spans."""
    if first is None or last is None:
        return "-"
    a = int((first - start).days / 7 / WEEKS_PER_MONTH) + 1
    b = int((last - start).days / 7 / WEEKS_PER_MONTH) + 1
    return str(a) if a == b else f"{a}-{b}"


def pace(total_hours: float, hours_per_week: float) -> Pace:
    """How long the plan takes, the weekly hours for a 12-month finish, and a warning if extreme."""
    weeks = max(1, math.ceil(total_hours / hours_per_week))
    months = round(weeks / WEEKS_PER_MONTH, 1)
    yearly = math.ceil(2 * total_hours / YEAR_WEEKS) / 2  # to the half hour, rounded up
    warning = ""
    if total_hours and months < TOO_FAST_MONTHS:
        warning = (
            f"{months:g} months is very fast: {hours_per_week:g} h a week leaves little time for reviews "
            f"and projects; {yearly:g} h a week finishes in 12 months."
        )
    elif months > TOO_SLOW_MONTHS:
        warning = f"{months:g} months is a long time to stay motivated; {yearly:g} h a week would finish in 12 months."
    return Pace(months, yearly, warning)


def start_note(start: date, today: date) -> str:
    """A start date in the past is fine (you began earlier); say how far in it is."""
    if start >= today:
        return ""
    weeks = (today - start).days // 7
    return (
        f"Started {start:%d %b %Y}, in the past: you are in week {weeks + 1} of this plan. "
        "`aieng today` shows whether you are ahead or behind."
    )


def is_milestone(item_id: str) -> bool:
    return item_id in MILESTONE_IDS


def replan(progress: Progress, today: date) -> PlanRecord:
    """Start the stored plan again from `today`: done topics free their slots, the rest is laid
    from now at the same weekly hours. The replaced plan joins `progress.plans` (saved with the
    new one, in one atomic write); it is also returned."""
    if not progress.track or not progress.hours_per_week:
        raise PlanError("no plan stored yet: run `aieng plan` first")
    from .progress import utcnow

    old = PlanRecord(
        track=progress.track,
        hours_per_week=progress.hours_per_week,
        started_on=progress.started_on or today,
        replaced_on=today,
        at=utcnow(),
    )
    progress.plans.append(old)
    progress.started_on = today
    return old
