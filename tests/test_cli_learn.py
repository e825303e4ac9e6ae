"""`aieng plan`, `status`, `topic`, `mark` as a user types them (CliRunner, fixture roadmap)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from aieng_cli.progress import default_store


@pytest.fixture(autouse=True)
def _mini(mini):
    return mini


def test_plan_non_interactive_prints_dated_plan_and_stores_choice(cli):
    result = cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04")
    assert result.exit_code == 0, result.output
    out = result.output
    # builder = python (10 h), apis (5 h), rag (12 h): 27 h at 5 h/week = 6 weeks
    assert "Builder · 5 h/week · 27 h over 6 weeks" in out
    assert "Python" in out and "1-2" in out and "04 Jan – 17 Jan 2027" in out
    assert "finish Sun 14 Feb 2027" in out
    assert out.index("1. Basics") < out.index("2. Models")
    saved = default_store().load()
    assert (saved.track, saved.hours_per_week, saved.started_on.isoformat()) == ("builder", 5.0, "2027-01-04")


def test_plan_json_lists_phases_topics_weeks(cli):
    result = cli("plan", "--track", "scholar", "--hours", "10", "--start", "2027-01-04", "--json")
    plan = json.loads(result.stdout)
    assert plan["track"] == "scholar" and plan["finish"] == "2027-01-24" and plan["weeks_total"] == 3
    # phase order first (basics: python, maths), then models (rag) although the track lists rag first
    assert [t["id"] for p in plan["phases"] for t in p["topics"]] == ["python", "maths", "rag"]
    assert plan["weeks"][0]["topics"] == [["python", 10.0]]
    assert plan["weeks"][1]["topics"] == [["maths", 8.0], ["rag", 2.0]]


def test_plan_json_and_weeks_are_previews_unless_saved(cli):
    cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04")
    for extra in (["--json"], ["--weeks"]):
        result = cli("plan", "--track", "scholar", "--hours", "9", *extra)
        assert result.exit_code == 0 and "Preview only: nothing was saved. Add --save" in result.output
        saved = default_store().load()
        assert (saved.track, saved.hours_per_week, saved.started_on.isoformat()) == ("builder", 5.0, "2027-01-04")
    result = cli("plan", "--track", "scholar", "--hours", "9", "--start", "2027-02-01", "--json", "--save")
    assert json.loads(result.stdout)["track"] == "scholar"  # the message goes to stderr: stdout stays JSON
    assert "Saved: track scholar" in result.stderr
    saved = default_store().load()
    assert (saved.track, saved.hours_per_week, saved.started_on.isoformat()) == ("scholar", 9.0, "2027-02-01")
    assert "Saved" in cli("plan", "--track", "builder", "--weeks", "--save").output


def test_plan_says_its_pace_and_warns_at_extremes(cli):
    out = cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04").output
    # 27 h: 6 weeks at 5 h; 27 / 52 weeks = 0.52 -> 1 h a week finishes in a year
    assert "Pace: 1.4 months at 5 h/week; 1 h/week would finish this track in 12 months." in out
    assert "1.4 months is very fast" in out
    out = cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04", "--json").stderr
    assert "very fast" in out


def test_pace_in_the_real_roadmap_warns_when_slow_or_fast(monkeypatch, cli):
    monkeypatch.delenv("AIENG_ROADMAP")
    plan = json.loads(cli("plan", "--track", "ai-developer", "--hours", "8", "--json").stdout)
    assert plan["pace"]["warning"] == "" and 6 <= plan["pace"]["hours_for_12_months"] <= 9
    slow = cli("plan", "--track", "ai-developer", "--hours", "2", "--weeks").output
    assert "is a long time to stay motivated" in slow
    fast = cli("plan", "--track", "ai-developer", "--hours", "40", "--weeks").output
    assert "is very fast" in fast


def test_plan_month_labels_match_its_dates(monkeypatch, cli):
    monkeypatch.delenv("AIENG_ROADMAP")
    plan = json.loads(cli("plan", "--track", "aiops", "--hours", "20", "--start", "2027-01-04", "--json").stdout)
    for phase in plan["phases"]:
        first, last = (date.fromisoformat(phase[k]) for k in ("start", "end"))
        a, b = (int((d - date(2027, 1, 4)).days / 7 / (52 / 12)) + 1 for d in (first, last))
        assert phase["months"] == (str(a) if a == b else f"{a}-{b}")
        assert b <= 8  # 20 h a week finishes aiops within ~7 months: no "months 11-12" anywhere
    out = cli("plan", "--track", "aiops", "--hours", "20", "--start", "2027-01-04").output
    assert "months 11-12" not in out and "of this plan" in out
    singles = [p["months"] for p in plan["phases"] if "-" not in p["months"]]
    for months in singles:  # one month is "month 3", never "months 3"
        assert f"(month {months} of this plan)" in out and f"months {months} of" not in out


def test_past_start_is_accepted_with_a_note(cli):
    start = (date.today() - timedelta(weeks=3)).isoformat()
    result = cli("plan", "--track", "builder", "--hours", "5", "--start", start)
    assert result.exit_code == 0
    assert "in the past: you are in week 4 of this plan" in result.output
    assert default_store().load().started_on.isoformat() == start


def test_replan_lays_what_is_left_from_today_and_keeps_history(cli):
    old_start = date.today() - timedelta(weeks=4)
    cli("plan", "--track", "builder", "--hours", "5", "--start", old_start.isoformat())
    cli("mark", "python", "done")
    cli("mark", "apis", "skip")
    result = cli("plan", "--replan", "--json")
    plan = json.loads(result.stdout)
    assert plan["start"] == date.today().isoformat() and plan["total_hours"] == 12  # only rag is left
    topics = {t["id"]: t for p in plan["phases"] for t in p["topics"]}
    assert topics["rag"]["first_week"] == 1 and topics["python"]["start"] is None
    assert "Saved: re-planned" in result.stderr
    saved = default_store().load()
    assert saved.started_on == date.today() and saved.status("python") == "done" and saved.hours_per_week == 5
    (record,) = saved.plans
    assert (record.track, record.started_on, record.replaced_on) == ("builder", old_start, date.today())
    out = cli("today").output
    assert "week 1 of 3 · on track" in out and "Retrieval-augmented generation · 5 h" in out
    out = cli("plan", "--show").output
    assert "done before this plan" in out and "skipped" in out


def test_replan_without_a_plan_fails_cleanly(cli):
    result = cli("plan", "--replan")
    assert result.exit_code == 1 and "no plan stored yet" in result.stderr
    assert not default_store().path.exists()


@pytest.mark.parametrize("extra", [["--hours", "9"], ["--track", "scholar"], ["--start", "2027-01-04"], ["--save"]])
def test_replan_with_other_choices_says_how_and_changes_nothing(cli, extra):
    cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04")
    result = cli("plan", "--replan", *extra)
    assert result.exit_code == 1 and "--replan restarts your stored plan" in result.stderr
    assert default_store().load().started_on == date(2027, 1, 4)


def test_plan_week_by_week(cli):
    result = cli("plan", "--track", "scholar", "--hours", "10", "--start", "2027-01-04", "--weeks")
    lines = [line.strip() for line in result.output.splitlines()]
    assert "wk   2  11 Jan – 17 Jan 2027  Maths (8 h), Retrieval-augmented generation (2 h)" in lines
    assert lines.index("Finish Sun 24 Jan 2027") == 4  # title, three weeks, finish


def test_plan_interactive_shows_tracks_and_asks(cli):
    result = cli("plan", input="7\n2\n0\n6\nnot-a-date\n2027-03-01\n")
    out = result.output
    assert result.exit_code == 0, out
    assert "Tracks (aieng plan --details" in out and "Builder" in out and "Scholar" in out
    assert "Choose 1-2" in out and "between 1 and 80" in out and "not a date" in out
    saved = default_store().load()
    assert (saved.track, saved.hours_per_week, saved.started_on.isoformat()) == ("scholar", 6.0, "2027-03-01")


def test_plan_without_input_fails_cleanly(cli):
    result = cli("plan", input="")
    assert result.exit_code == 1
    assert "pass --track" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--track", "buildr"], "did you mean builder"),
        (["--track", "builder", "--hours", "0"], "between 1 and 80"),
        (["--track", "builder", "--hours", "500"], "between 1 and 80"),
        (["--track", "builder", "--start", "04/01/2027"], "YYYY-MM-DD"),
    ],
)
def test_plan_bad_input_is_one_line_and_stores_nothing(cli, args, message):
    result = cli("plan", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not default_store().path.exists()


def test_changing_track_keeps_progress(cli):
    cli("plan", "--track", "builder", "--hours", "5")
    assert cli("mark", "python", "done").exit_code == 0
    cli("mark", "apis", "learning")
    cli("plan", "--track", "scholar", "--hours", "5")
    saved = default_store().load()
    assert saved.track == "scholar" and saved.status("python") == "done" and saved.status("apis") == "learning"
    out = cli("status").output
    assert "Scholar" in out and "1 done" in out


def test_status_shows_phases_counts_and_next(cli):
    cli("plan", "--track", "builder", "--hours", "5")
    cli("mark", "python", "done")
    cli("mark", "apis", "skip")
    result = cli("status")
    out = result.output
    assert result.exit_code == 0, out
    assert "Builder · 50% done" in out  # python done, apis skipped, rag to do
    assert "Basics" in out and "100%" in out and "Models" in out and "0%" in out
    assert "1 done" in out and "1 skipped" in out and "1 to do" in out
    assert "Coming up: Retrieval-augmented generation" in out and "Next: aieng topic rag" in out


def test_status_before_plan_says_what_to_do(cli):
    result = cli("status")
    assert result.exit_code == 1 and "run `aieng plan`" in result.stderr


def test_skipped_topics_take_no_time_in_plan(cli):
    cli("mark", "python", "skip")
    plan = json.loads(cli("plan", "--track", "builder", "--hours", "5", "--json", "--start", "2027-01-04").stdout)
    topics = {t["id"]: t for p in plan["phases"] for t in p["topics"]}
    assert topics["python"]["start"] is None and topics["apis"]["first_week"] == 1
    assert plan["total_hours"] == 17


def test_topic_page_and_questions(cli):
    out = cli("topic", "python").output
    assert "Python" in out and "Objectives" in out and "Write functions" in out
    assert "Python tutorial" in out and "https://docs.python.org/3/tutorial/" in out
    out = cli("topic", "python", "--questions").output
    assert "Question bank" in out and "Why use a virtual environment?" in out and "B. def" in out


@pytest.mark.parametrize("command", [["topic", "pyton"], ["mark", "pyton", "done"]])
def test_unknown_topic_suggests(cli, command):
    result = cli(*command)
    assert result.exit_code == 1 and "did you mean python" in result.stderr


def test_mark_sets_and_rejects_bad_status(cli):
    assert cli("mark", "rag", "learning").stdout.strip() == "rag: learning"
    assert default_store().load().status("rag") == "learning"
    result = cli("mark", "rag", "finished")
    assert result.exit_code == 1 and "use learning, done, skip or todo" in result.stderr
    assert default_store().load().status("rag") == "learning"


def test_version(cli):
    from aieng_cli import __version__

    assert cli("--version").stdout.strip() == f"aieng {__version__}"


def test_activity_and_streak():
    from datetime import date, datetime, timezone

    from aieng_cli.overview import activity, streak
    from aieng_cli.progress import Review

    def at(day: int, hour: int = 12) -> datetime:
        return datetime(2027, 3, day, hour, tzinfo=timezone.utc)

    reviews = [
        Review(topic="rag", question="q", score=s, rating=3, at=at(d))
        for d, s in [(1, 4), (3, 2), (4, 4), (4, 0), (5, 3)]
    ]
    days = activity(reviews, date(2027, 3, 5), timezone.utc, days=5)
    assert [(d.day.day, d.reviews, d.average_score) for d in days] == [
        (1, 1, 4.0),
        (2, 0, 0.0),
        (3, 1, 2.0),
        (4, 2, 2.0),
        (5, 1, 3.0),
    ]
    assert streak(reviews, date(2027, 3, 5), timezone.utc) == 3
    assert streak(reviews, date(2027, 3, 6), timezone.utc) == 3  # nothing yet today: yesterday's streak still counts
    assert streak(reviews, date(2027, 3, 8), timezone.utc) == 0


def test_mark_a_portfolio_milestone(cli):
    cli("plan", "--track", "builder", "--hours", "5")
    assert cli("mark", "rag-platform", "done").stdout.strip() == "rag-platform: done"
    assert default_store().load().status("rag-platform") == "done"
    assert "Retired" not in cli("status").output  # a milestone is not a topic the roadmap lost


def test_marking_a_project_stage_says_aieng_check_records_it(cli):
    result = cli("mark", "RAG-platform:2", "done")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "stage 2 of your rag-platform project: `aieng check`" in result.output
    assert "aieng mark rag-platform done" in result.output
    assert default_store().load().status("rag-platform") == "todo"
