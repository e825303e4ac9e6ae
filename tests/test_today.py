"""The today object: local days in two zones around midnight, standing, this week, next action."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.errors import PlanError
from aieng_cli.overview import activity, streak
from aieng_cli.progress import Progress, Project, Review, TopicState, default_store
from aieng_cli.roadmap import load_roadmap
from aieng_cli.today import end_of_day, local_day, local_zone, today
from aieng_cli.tutor import scheduler

from .conftest import MINI_ROADMAP

AUCKLAND, LOS_ANGELES = ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")
# 11:30 UTC on 10 March 2027: already 00:30 on the 11th in Auckland, 03:30 on the 10th in LA.
NOW = datetime(2027, 3, 10, 11, 30, tzinfo=timezone.utc)


@pytest.fixture
def roadmap():
    return load_roadmap(MINI_ROADMAP)


def builder(start: date = date(2027, 3, 4), **statuses: tuple[str, datetime]) -> Progress:
    """Builder track (python 10 h, apis 5 h, rag 12 h) at 5 h a week from `start`."""
    progress = Progress(track="builder", hours_per_week=5, started_on=start)
    for topic, (status, when) in statuses.items():
        progress.topics[topic] = TopicState(status=status, updated=when)
    return progress


def due_at(progress: Progress, topic: str, due: datetime) -> None:
    """Give `topic` a card due at `due` (through the scheduler's own API)."""
    reviewed = due - timedelta(days=3)
    if hasattr(scheduler, "record_answer"):  # one review per local day: cards carry their day
        record = scheduler.record_answer(None, 3, reviewed, reviewed.date())
        progress.cards[topic] = msgspec.structs.replace(record, card=msgspec.structs.replace(record.card, due=due))
    else:
        card = scheduler.review(None, 3, reviewed)
        card["due"] = due.isoformat()
        progress.cards[topic] = card


def test_local_day_and_its_end_differ_by_zone():
    assert local_day(NOW, AUCKLAND) == date(2027, 3, 11)
    assert local_day(NOW, LOS_ANGELES) == date(2027, 3, 10)
    assert end_of_day(date(2027, 3, 11), AUCKLAND) == datetime(2027, 3, 11, 10, 59, 59, 999999, tzinfo=timezone.utc)
    assert end_of_day(date(2027, 3, 10), LOS_ANGELES) == datetime(2027, 3, 11, 7, 59, 59, 999999, tzinfo=timezone.utc)
    # LA moves to summer time on 14 March 2027: that day ends at 06:59 UTC, not 07:59
    assert end_of_day(date(2027, 3, 14), LOS_ANGELES).hour == 6


def test_due_today_means_before_local_midnight(roadmap):
    progress = builder()
    due_at(progress, "python", datetime(2027, 3, 11, 9, 0, tzinfo=timezone.utc))  # 22:00 on the 11th in Auckland
    due_at(progress, "rag", datetime(2027, 3, 11, 12, 0, tzinfo=timezone.utc))  # 01:00 on the 12th in Auckland
    auckland = today(roadmap, progress, NOW, AUCKLAND)
    los_angeles = today(roadmap, progress, NOW, LOS_ANGELES)
    assert [i.id for i in auckland.due] == ["python"]  # rag falls due tomorrow, local time
    assert los_angeles.due == []  # 01:00 on the 11th in LA: after tonight's midnight
    late = NOW + timedelta(hours=21)  # 00:30 on the 11th in LA
    assert [i.id for i in today(roadmap, progress, late, LOS_ANGELES).due] == ["python", "rag"]


def test_week_and_standing_follow_the_local_day(roadmap):
    # Week 2 starts on Thursday 11 March: in Auckland it has begun, in LA it has not.
    auckland = today(roadmap, builder(), NOW, AUCKLAND)
    los_angeles = today(roadmap, builder(), NOW, LOS_ANGELES)
    assert (auckland.week, auckland.weeks_total, auckland.standing) == (2, 6, "week 2 of 6 · 1 week behind")
    assert (los_angeles.week, los_angeles.standing) == (1, "week 1 of 6 · on track")
    assert auckland.offer_replan and not los_angeles.offer_replan
    assert [(i.id, i.hours) for i in auckland.this_week] == [("python", 5.0)]


def test_behind_ahead_and_on_track(roadmap):
    later = NOW + timedelta(weeks=3)  # week 4 in LA: 15 h expected
    progress = builder()
    assert today(roadmap, progress, later, LOS_ANGELES).standing == "week 4 of 6 · 3 weeks behind"
    studied = datetime(2027, 3, 8, tzinfo=timezone.utc)
    progress = builder(python=("done", studied), apis=("done", studied))  # 15 h done
    assert today(roadmap, progress, later, LOS_ANGELES).standing == "week 4 of 6 · on track"
    view = today(roadmap, progress, NOW, LOS_ANGELES)  # week 1: 0 h expected, 15 h done
    assert view.standing == "week 1 of 6 · ahead by 3 weeks" and view.weeks_behind == -3
    assert view.plan_percent == round(100 * 15 / 27)


def test_before_the_start_and_when_complete(roadmap):
    view = today(roadmap, builder(start=date(2027, 3, 15)), NOW, LOS_ANGELES)
    assert view.week == 0 and view.standing == "starts Mon 15 Mar 2027 (in 5 days)" and view.this_week == []
    done = ("done", datetime(2027, 3, 8, tzinfo=timezone.utc))
    view = today(roadmap, builder(python=done, apis=done, rag=done), NOW, LOS_ANGELES)
    assert view.standing.startswith("track complete") and view.next.command == "aieng new --list"
    assert not view.offer_replan


def test_next_action_reviews_then_learning_then_plan(roadmap):
    progress = builder()
    assert today(roadmap, progress, NOW, LOS_ANGELES).next.command == "aieng topic python"
    progress.topics["apis"] = TopicState(status="learning")
    assert today(roadmap, progress, NOW, LOS_ANGELES).next.command == "aieng quiz apis"
    due_at(progress, "rag", NOW - timedelta(days=1))
    action = today(roadmap, progress, NOW, LOS_ANGELES).next
    assert action.command == "aieng quiz" and "1 review due today: Retrieval-augmented generation" in action.reason


def test_today_needs_a_track(roadmap):
    with pytest.raises(PlanError, match="run `aieng plan`"):
        today(roadmap, Progress(), NOW, LOS_ANGELES)


def test_local_zone_names_and_errors(monkeypatch):
    assert local_zone("Pacific/Auckland") == AUCKLAND
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    assert local_zone() == LOS_ANGELES and local_zone("  ") == LOS_ANGELES
    for bad in ("Mars/Olympus", "../../etc/passwd", "/etc/localtime", "Europe/Berlin\x00"):
        with pytest.raises(PlanError, match="unknown time zone"):
            local_zone(bad)


def _review(at: datetime, score: int = 3) -> Review:
    return Review(topic="python", question="q", score=score, rating=3, at=at)


def test_streak_and_activity_count_local_days():
    # 20:00 UTC on the 8th and 9th and 10th: the 9th, 10th and 11th in Auckland (+13), the same days in LA.
    reviews = [_review(datetime(2027, 3, d, 20, tzinfo=timezone.utc)) for d in (8, 9, 10)]
    assert streak(reviews, date(2027, 3, 11), AUCKLAND) == 3
    assert streak(reviews, date(2027, 3, 11), LOS_ANGELES) == 3  # none yet today: yesterday's streak counts
    assert streak(reviews, date(2027, 3, 12), LOS_ANGELES) == 0
    # 11:30 UTC on the 10th is the 11th in Auckland, the 10th in LA
    late = [_review(NOW, 4), _review(NOW - timedelta(hours=2), 2)]
    assert [(d.day.day, d.reviews) for d in activity(late, date(2027, 3, 11), AUCKLAND, days=2)] == [(10, 1), (11, 1)]
    days = activity(late, date(2027, 3, 11), LOS_ANGELES, days=2)
    assert [(d.day.day, d.reviews, d.average_score) for d in days] == [(10, 2, 3.0), (11, 0, 0.0)]


@pytest.fixture
def planned(mini, cli):
    assert cli("plan", "--track", "builder", "--hours", "5").exit_code == 0


def test_aieng_today_prints_the_day(planned, cli):
    out = cli("today").output
    assert "Builder · week 1 of 6 · on track" in out
    assert "Due today: no reviews" in out and "This week:" in out and "Python · 5 h" in out
    assert "Next: aieng topic python — Read the lesson on Python" in out
    assert "--replan" not in out


def test_aieng_today_json_and_replan_offer(planned, cli):
    default_store().mutate(lambda p: setattr(p, "started_on", p.started_on - timedelta(weeks=2)))
    result = cli("today", "--json")
    view = json.loads(result.stdout)
    assert view["week"] == 3 and view["weeks_behind"] == 2 and view["offer_replan"] is True
    assert view["standing"] == "week 3 of 6 · 2 weeks behind"
    assert view["next"]["command"] == "aieng topic python"
    out = cli("today").output
    assert "You are 2 weeks behind. `aieng plan --replan`" in out


def test_aieng_today_uses_the_configured_zone(planned, cli, monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert json.loads(cli("today", "--json").stdout)["zone"] == "Pacific/Auckland"
    for odd in ("Nowhere/Atlantis", "CET-1CEST", ":/etc/localtime", "../../etc/passwd"):
        monkeypatch.setenv("TZ", odd)  # not an IANA name: the system's own reading of TZ is used
        result = cli("today", "--json")
        assert result.exit_code == 0 and json.loads(result.stdout)["zone"], odd


def test_aieng_today_before_any_plan(mini, cli):
    result = cli("today")
    assert result.exit_code == 1 and "run `aieng plan`" in result.stderr


def test_timezone_setting_is_validated_and_used(planned, cli, monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    result = cli("config", "set", "timezone", "Mars/Olympus")
    assert result.exit_code == 1 and "unknown time zone 'Mars/Olympus'" in result.stderr
    assert cli("config", "set", "timezone", "../../etc/passwd").exit_code == 1
    assert cli("config", "set", "timezone", "Pacific/Auckland").exit_code == 0
    assert json.loads(cli("today", "--json").stdout)["zone"] == "Pacific/Auckland"  # the setting wins over TZ


def test_next_action_starts_a_guided_project_then_points_at_its_next_stage():
    shipped = load_roadmap(use_cache=False)
    from aieng_cli.plan import build_plan

    progress = Progress(track="ai-developer", hours_per_week=10, started_on=date(2027, 1, 4))
    studied = datetime(2027, 1, 5, tzinfo=timezone.utc)
    plan = build_plan(shipped, "ai-developer", 10, date(2027, 1, 4))
    for item in plan.topics:
        if item.kind == "milestone":
            break
        progress.topics[item.id] = TopicState(status="done", updated=studied)
    first = next(t for t in plan.topics if t.kind == "milestone")
    template = first.id.partition(":")[0]
    view = today(shipped, progress, NOW, LOS_ANGELES)
    assert view.next.command == f"aieng new {template} --guided" and "Portfolio project" in view.next.reason
    passed = {"1": studied}
    progress.projects.append(Project(template=template, path="/tmp/p", stages=passed, stage_count=7))
    view = today(shipped, progress, NOW, LOS_ANGELES)
    assert view.next.command == "aieng check --explain 2" and "stage 2" in view.next.reason


async def test_dashboard_top_panel_is_the_today_object(mini):
    from aieng_cli.settings import Settings
    from aieng_cli.tui.app import StudyApp

    from .tui_support import NOW as TUI_NOW
    from .tui_support import seed_progress, text, wait_until

    seed_progress()
    default_store().mutate(lambda p: setattr(p, "started_on", TUI_NOW.date() - timedelta(weeks=3)))
    app = StudyApp(settings=Settings(timezone="Pacific/Auckland"), offline=True, now=lambda: TUI_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "Builder" in text(app, "#summary"))
        panel = text(app, "#summary")
        # python was done before the plan started, so it holds no slot: apis and rag make 4 weeks
        assert "week 4 of 4 · 3 weeks behind" in panel and "1 review due today" in panel
        assert "Now: 1 review due today: Retrieval-augmented generation (z)" in panel
        assert "Behind by 3 weeks: run aieng plan --replan in your shell." in panel


def test_today_panel_escapes_titles():
    from aieng_cli.overview import Overview
    from aieng_cli.today import Action, Item, Today
    from aieng_cli.tui.screens.dashboard import today_panel

    day = Today(
        day=date(2027, 3, 10),
        zone="UTC",
        track="t",
        track_title="[red]Track",
        week=1,
        weeks_total=2,
        weeks_behind=0,
        standing="week 1 of 2 · on track",
        due=[],
        this_week=[Item("x", "[b]X[/b]", 5.0)],
        next=Action("aieng new [x]", "Start [bold]it"),
        offer_replan=False,
        plan_percent=0,
    )
    view = Overview("t", "T", [], {}, 0, [], 0, [], [], [])
    panel = today_panel(day, view, 0)
    assert r"\[red]Track" in panel and r"\[b]X\[/b] 5 h" in panel and r"Start \[bold]it" in panel


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_zone_text_is_a_zone_or_one_clear_error(name):
    try:
        zone = local_zone(name)
    except PlanError as exc:
        assert "unknown time zone" in str(exc) and "\n" not in str(exc).replace(repr(name), "")
    else:
        assert local_day(NOW, zone) in (date(2027, 3, 9), date(2027, 3, 10), date(2027, 3, 11))


def test_system_zone_is_applied_per_instant_across_summer_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # a POSIX rule, not an IANA name
    time.tzset()
    try:
        zone = local_zone()
        assert zone is None  # the system's own local time
        # 22:30 UTC is 00:30 the next day in summer (UTC+2), 23:30 the same day in winter (UTC+1)
        assert local_day(datetime(2027, 7, 1, 22, 30, tzinfo=timezone.utc), zone) == date(2027, 7, 2)
        assert local_day(datetime(2027, 1, 1, 22, 30, tzinfo=timezone.utc), zone) == date(2027, 1, 1)
        assert end_of_day(date(2027, 7, 1), zone) == datetime(2027, 7, 1, 21, 59, 59, 999999, tzinfo=timezone.utc)
        assert end_of_day(date(2027, 1, 1), zone) == datetime(2027, 1, 1, 22, 59, 59, 999999, tzinfo=timezone.utc)
    finally:
        monkeypatch.undo()
        time.tzset()
