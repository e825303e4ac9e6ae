"""The plan core on the shipped roadmap: milestones, pace, month labels, re-planning, track contents."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.errors import PlanError, RoadmapError
from aieng_cli.plan import (
    MILESTONES,
    PORTFOLIO,
    build_plan,
    pace,
    replan,
    stage_id,
    start_note,
)
from aieng_cli.progress import Progress, ProgressStore, Project, TopicState
from aieng_cli.resources import templates_dir
from aieng_cli.roadmap import load_roadmap, parse_roadmap
from aieng_cli.stages import stage_outline

START = date(2027, 1, 4)


@pytest.fixture(scope="module")
def shipped():
    return load_roadmap(use_cache=False)


def order(plan) -> list[str]:
    return [t.id for t in plan.topics]


def project_items(plan, template: str) -> list[str]:
    """The plan ids of a project: its stages ("rag-platform:1", ...) or, without stages, itself."""
    return [i for i in order(plan) if i == template or i.startswith(template + ":")]


@pytest.mark.parametrize("track", ["ai-developer", "generative-ai", "llm-mastery", "aiops"])
def test_project_stages_come_after_the_topics_they_use_and_in_order(shipped, track):
    plan = build_plan(shipped, track, 10, START)
    ids = order(plan)
    for template, _title, anchors in MILESTONES:
        stages = [s for s in stage_outline(templates_dir() / template) if not s.conditional]
        mine = project_items(plan, template)
        if not stages:  # a template without stages: one milestone right after its anchor topics
            present = [a for a in anchors if a in ids]
            position = ids.index(template)
            if present:
                assert position == max(ids.index(a) for a in present) + 1, (template, ids)
            else:
                assert position < ids.index(PORTFOLIO)
            continue
        assert mine == [stage_id(template, n) for n in range(1, len(stages) + 1)]
        positions = [ids.index(i) for i in mine]
        assert positions == sorted(positions)
        for stage, position in zip(stages, positions, strict=True):
            used = [ids.index(t) for t in stage.topics if t in ids]
            assert all(p < position for p in used), (template, stage.title, ids)
        hours = {t.id: t.hours for t in plan.topics}
        assert sum(hours[i] for i in mine) == pytest.approx(12)  # the project's share, split
    topic_hours = sum(t.hours for t in shipped.track_topics(track))
    assert plan.total_hours == pytest.approx(topic_hours)  # the portfolio's 40 h, spread, not added
    portfolio = next(t for t in plan.topics if t.id == PORTFOLIO)
    assert portfolio.hours == 4
    last_week = {item for item, _ in plan.weeks[-1].topics}
    assert not last_week & {i for t, *_ in MILESTONES for i in project_items(plan, t)}


def test_rag_stages_spread_over_the_llm_phase_after_their_topics(shipped):
    plan = build_plan(shipped, "ai-developer", 10, START)
    ids = order(plan)
    stages = project_items(plan, "rag-platform")
    assert len(stages) == 7
    assert ids.index(stages[0]) > ids.index("rag") and ids.index(stages[0]) > ids.index("vector-databases")
    assert ids.index(stages[-1]) > ids.index("llm-evaluation")  # metrics and the evaluation dashboard
    phase_of = {t.id: p.id for p in plan.phases for t in p.topics}
    assert {phase_of[s] for s in stages} == {"llms"}
    titles = {t.id: t.title for t in plan.topics}
    assert titles["rag-platform:2"] == "RAG platform stage 2: Embed and store"


def test_stage_status_follows_aieng_check_marks_and_the_portfolio(shipped):
    progress = Progress(track="ai-developer", hours_per_week=10, started_on=START)
    passed = datetime(2027, 6, 1, tzinfo=timezone.utc)
    progress.projects.append(Project(template="rag-platform", path="/tmp/rag", stages={"1": passed, "2": passed}))
    status = {t.id: t.status for t in build_plan(shipped, "ai-developer", 10, START, progress).topics}
    rag = [status[f"rag-platform:{n}"] for n in range(1, 8)]
    assert rag == ["done", "done", "learning", "todo", "todo", "todo", "todo"]
    assert {status[i] for i in status if i.startswith("ai-agent:")} == {"todo"}
    progress.set_status("ai-agent", "done")  # `aieng mark ai-agent done`: every stage of it
    status = {t.id: t.status for t in build_plan(shipped, "ai-developer", 10, START, progress).topics}
    assert {status[i] for i in status if i.startswith("ai-agent:")} == {"done"}
    progress.set_status(PORTFOLIO, "skipped")
    plan = build_plan(shipped, "ai-developer", 10, START, progress)
    assert all(t.status == "skipped" and t.start is None for t in plan.topics if t.kind == "milestone")


def test_a_stage_passed_before_the_start_frees_its_slot(shipped):
    progress = Progress(track="ai-developer", hours_per_week=10, started_on=START)
    before, after = datetime(2026, 12, 1, tzinfo=timezone.utc), datetime(2027, 3, 1, tzinfo=timezone.utc)
    progress.projects.append(Project(template="rag-platform", path="/tmp/rag", stages={"1": before, "2": after}))
    plan = build_plan(shipped, "ai-developer", 10, START, progress)
    starts = {t.id: t.start for t in plan.topics}
    assert starts["rag-platform:1"] is None and starts["rag-platform:2"] is not None


def test_today_points_at_the_stage_to_build(shipped):
    from aieng_cli.today import Item, next_action

    first = Item("rag-platform:1", "RAG platform stage 1: Load and chunk documents", 1.7, "todo", "milestone")
    third = Item("rag-platform:3", "RAG platform stage 3: Vector retrieval", 1.7, "learning", "milestone")
    assert next_action([], [first], []).command == "aieng new rag-platform --guided"
    action = next_action([], [third], [])
    assert action.command == "aieng check --explain 3" and "stage 3: Vector retrieval" in action.reason
    whole = Item("rag-platform", "Project: production RAG platform", 12, "todo", "milestone")
    assert next_action([], [whole], []).command == "aieng new rag-platform"


def test_stage_outlines_are_cached_and_a_broken_stages_file_falls_back(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("AIENG_HOME", str(tmp_path / "home"))
    template = tmp_path / "t"
    template.mkdir()
    (template / "stages.yaml").write_text(
        "stages:\n  - {title: Only stage, build: x, why: y, criteria: [c], topics: [rag]}\n"
    )
    assert stage_outline(template)[0].topics == ["rag"]
    probe = (
        "import sys; from pathlib import Path; from aieng_cli.stages import stage_outline; "
        f"assert stage_outline(Path({str(template)!r}))[0].title == 'Only stage'; "
        "assert 'yaml' not in sys.modules, 'the cache was not used'"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    (template / "stages.yaml").write_text("stages: [\n")
    assert stage_outline(template) == []


def test_optional_topics_are_listed_not_planned(shipped):
    plan = build_plan(shipped, "aiops", 10, START)
    optional = [topic_id for topic_id, _ in plan.optional]
    assert "statistics" in optional and not set(optional) & set(order(plan))
    assert list(plan.to_dict()["optional"][0]) == ["statistics", "Statistics"]


def test_month_labels_come_from_the_plans_own_dates(shipped):
    plan = build_plan(shipped, "aiops", 25, START)  # ~4 months: the roadmap's "months 11-12" cannot appear
    for phase in plan.phases:
        assert phase.start is not None and phase.end is not None
        first = int((phase.start - START).days / 7 / (52 / 12)) + 1
        last = int((phase.end - START).days / 7 / (52 / 12)) + 1
        assert phase.months == (str(first) if first == last else f"{first}-{last}")
    assert plan.phases[-1].months in ("4", "4-5", "5")


@pytest.mark.parametrize(
    ("hours", "weekly", "months", "warning"),
    [
        (520, 10, 12.0, ""),
        (520, 40, 3.0, ""),
        (520, 45, 2.8, "very fast"),
        (520, 5, 24.0, ""),
        (520, 4, 30.0, "long time"),
        (27, 5, 1.4, "very fast"),
    ],
)
def test_pace(hours, weekly, months, warning):
    result = pace(hours, weekly)
    assert result.months == months and result.hours_for_12_months == max(0.5, -(-hours * 2 // 52) / 2)
    assert (warning in result.warning) if warning else result.warning == ""


def test_start_note_for_past_dates():
    assert start_note(date(2027, 3, 1), date(2027, 3, 1)) == ""
    assert start_note(date(2027, 3, 10), date(2027, 3, 1)) == ""
    assert "in the past: you are in week 3" in start_note(date(2027, 2, 15), date(2027, 3, 1))


def test_done_topics_free_their_slots_on_replan(shipped):
    progress = Progress(track="ai-developer", hours_per_week=10, started_on=START)
    studied = datetime(2027, 2, 1, tzinfo=timezone.utc)
    progress.topics["python-engineering"] = TopicState(status="done", updated=studied)
    progress.topics["databases"] = TopicState(status="skipped", updated=studied)
    before = build_plan(shipped, "ai-developer", 10, START, progress)
    assert order(before)[0] == "python-engineering" and before.topics[0].first_week == 1  # done since the start
    today = date(2027, 3, 1)
    old = replan(progress, today)
    assert (old.started_on, old.replaced_on, progress.started_on) == (START, today, today)
    after = build_plan(shipped, "ai-developer", 10, today, progress)
    first = next(t for t in after.topics if t.start is not None)
    assert first.id == "data-structures-algorithms" and first.start == today and first.first_week == 1
    assert after.total_hours == before.total_hours - 30  # python's 30 h are free
    assert progress.status("python-engineering") == "done"  # nothing about the past is lost


def test_replan_needs_a_plan():
    with pytest.raises(PlanError, match="no plan stored yet"):
        replan(Progress(), date(2027, 3, 1))


def test_replan_keeps_every_earlier_plan_in_the_progress(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.save(Progress(track="aiops", hours_per_week=6, started_on=START))
    store.mutate(lambda p: replan(p, date(2027, 2, 1)))
    store.mutate(lambda p: replan(p, date(2027, 3, 1)))
    progress = store.load()
    assert progress.started_on == date(2027, 3, 1)
    assert [(r.started_on, r.replaced_on) for r in progress.plans] == [
        (START, date(2027, 2, 1)),
        (date(2027, 2, 1), date(2027, 3, 1)),
    ]
    assert all(r.at is not None and r.track == "aiops" for r in progress.plans)


def test_optional_topics_are_validated():
    base = """
version: 1
phases: [{id: p, title: P, months: "1", summary: S}]
tracks: [{id: t, title: T, tagline: G, for_whom: [a], focus: [b], outcomes: [c], topics: [x], optional: OPT}]
topics: [{id: x, title: X, phase: p, hours: 1, summary: S, objectives: [a, b, c]},
         {id: y, title: Y, phase: p, hours: 1, summary: S, objectives: [a, b, c]}]
"""
    assert parse_roadmap(base.replace("OPT", "[y]")).tracks[0].optional == ["y"]
    with pytest.raises(RoadmapError, match="unknown optional topics: ghost"):
        parse_roadmap(base.replace("OPT", "[ghost]"))
    with pytest.raises(RoadmapError, match="lists x as both planned and optional"):
        parse_roadmap(base.replace("OPT", "[x]"))


# Lesson references ----------------------------------------------------------------------------
# A lesson points to another topic in two ways: an explicit cross-reference ("see *Vector
# databases*", "see **cicd-iac**"), and a prerequisite named in its "Where this fits" paragraph
# ("It builds on **statistics**", "The projects apply rag, ai-app-development, …"). Each must be
# in the track, or listed as optional, so no track sends a learner to a topic it never offers.

_PREREQUISITE = re.compile(
    r"\b(builds? on|rests? on|relies on|appl(?:y|ies)|extends|deepens|combines|follows|uses|operationalises)\b"
)
_CLAUSE_END = re.compile(r"[.;]|, and |\b(?:Next|feeds?|which)\b")


def lesson_references(roadmap, topic) -> set[str]:
    ids = {t.id for t in roadmap.topics}
    by_title = {t.id: " ".join(t.title.lower().split()) for t in roadmap.topics}
    found: set[str] = set()
    for name in re.findall(r"\b[Ss]ee \*([^*]+)\*(?!\*)", topic.lesson):
        name = " ".join(name.lower().split())
        hits = [i for i, t in by_title.items() if t.startswith(name) or f"({name})" in t or i == name.replace(" ", "-")]
        assert hits, f"{topic.id}: 'see *{name}*' names no topic"
        found.add(hits[0])
    found.update(re.findall(r"\b[Ss]ee \*\*([a-z0-9-]+)\*\*", topic.lesson))
    where = topic.lesson.find("### Where this fits")
    if where >= 0:
        paragraph = topic.lesson[where + len("### Where this fits") :].strip().split("\n\n")[0]
        paragraph = re.sub(r"\([^)]*\)", "", " ".join(paragraph.split()))
        for verb in _PREREQUISITE.finditer(paragraph):
            before = paragraph[: verb.start()].rstrip().rstrip("*").split()
            if before and before[-1].strip("*").lower() in ids:
                continue  # another topic is the subject: "**vision-transformers-multimodal** applies it"
            clause = _CLAUSE_END.split(paragraph[verb.end() :])[0].lower()
            found.update(w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", clause) if w in ids)
    found.discard(topic.id)
    return found


def test_reference_finder_reads_both_kinds(shipped):
    assert {"embeddings", "vector-databases", "llm-evaluation"} <= lesson_references(shipped, shipped.topic("rag"))
    assert lesson_references(shipped, shipped.topic("ml-foundations")) == {"statistics", "calculus-optimization"}
    assert "cloud-containers" in lesson_references(shipped, shipped.topic(PORTFOLIO))
    assert "vision-transformers-multimodal" not in lesson_references(shipped, shipped.topic("transformers-attention"))


@pytest.mark.parametrize("track", ["ai-developer", "generative-ai", "llm-mastery", "aiops"])
def test_every_topic_a_lesson_points_to_is_in_the_track_or_optional(shipped, track):
    item = shipped.track(track)
    offered = set(item.topics) | set(item.optional)
    missing = {
        f"{topic_id} -> {ref}"
        for topic_id in item.topics
        for ref in lesson_references(shipped, shipped.topic(topic_id))
        if ref not in offered
    }
    assert not missing, f"track {track} lacks topics its lessons point to: {sorted(missing)}"


def test_plan_weeks_cover_every_planned_hour(shipped):
    plan = build_plan(shipped, "generative-ai", 7.5, START)
    per_item: dict[str, float] = {}
    for week in plan.weeks:
        assert sum(h for _, h in week.topics) <= 7.5 + 1e-6
        for item, hours in week.topics:
            per_item[item] = per_item.get(item, 0) + hours
    for topic in plan.topics:
        if topic.start is not None:
            assert per_item[topic.id] == pytest.approx(topic.hours, abs=0.05)
            assert topic.end - topic.start == timedelta(weeks=topic.last_week - topic.first_week, days=6)


def test_portfolio_done_before_the_start_frees_its_milestones_too(shipped):
    progress = Progress(track="ai-developer", hours_per_week=10, started_on=START)
    progress.topics[PORTFOLIO] = TopicState(status="done", updated=datetime(2026, 12, 1, tzinfo=timezone.utc))
    plan = build_plan(shipped, "ai-developer", 10, START, progress)
    freed = {t.id for t in plan.topics if t.start is None}
    projects = {i for template, *_ in MILESTONES for i in project_items(plan, template)}
    assert len(projects) >= 3 and freed == {PORTFOLIO} | projects


@settings(max_examples=60, deadline=None)
@given(
    hours=st.floats(min_value=1, max_value=80, allow_nan=False),
    statuses=st.dictionaries(
        st.sampled_from(["python-engineering", "rag", "ai-agents", PORTFOLIO, "cloud-containers", "rag-platform"]),
        st.sampled_from(["todo", "learning", "done", "skipped"]),
    ),
    offset_days=st.integers(min_value=-400, max_value=4000),
)
def test_any_plan_and_any_day_gives_a_consistent_today(shipped, hours, statuses, offset_days):
    from aieng_cli.today import today

    progress = Progress(track="ai-developer", hours_per_week=hours, started_on=START)
    for topic_id, status in statuses.items():
        progress.topics[topic_id] = TopicState(status=status, updated=datetime(2027, 2, 1, tzinfo=timezone.utc))
    plan = build_plan(shipped, "ai-developer", hours, START, progress)
    laid = sum(h for week in plan.weeks for _, h in week.topics)
    assert laid == pytest.approx(plan.total_hours, abs=0.01)
    now = datetime(2027, 1, 4, 12, tzinfo=timezone.utc) + timedelta(days=offset_days)
    view = today(shipped, progress, now, timezone.utc)
    assert view.week == (0 if offset_days < 0 else offset_days // 7 + 1)
    assert view.next.command.startswith("aieng ") and view.standing
    assert view.offer_replan == (view.weeks_behind >= 1 and not view.standing.startswith("track complete"))
