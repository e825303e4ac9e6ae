"""`today`, `status` and the dashboard show practice and guided-project progress, to those who have them."""

from __future__ import annotations

from datetime import datetime, timezone

from aieng_cli.practice_store import default_practice_store
from aieng_cli.progress import Project, default_store

from .tui_support import make_app, text, wait_until

WHEN = datetime(2027, 1, 5, 9, tzinfo=timezone.utc)


def _guided_project(stages_done: int, total: int = 7) -> None:
    project = Project(
        template="rag-platform",
        path="/home/learner/code/docs-search",
        stage_count=total,
        stages={str(n): WHEN for n in range(1, stages_done + 1)},
    )
    default_store().mutate(lambda p: p.projects.append(project))


def test_today_and_status_show_practice_and_project_stages(cli):
    cli("plan", "--track", "ai-developer", "--hours", "8", "--start", "2027-01-04")
    quiet = cli("today").stdout
    assert "Practice:" not in quiet and "stage" not in quiet  # nothing to show before any of it
    default_practice_store().mutate(lambda p: p.record_check("python-engineering-retry-backoff", "passed"))
    _guided_project(stages_done=2)
    for command in ("today", "status"):
        out = cli(command).stdout
        assert "Practice: 1/" in out and "exercises passed" in out, command
        assert "RAG platform: stage 3 of 7" in out, command
    view = cli("today", "--json").stdout
    assert '"projects": [' in view and "RAG platform: stage 3 of 7" in view


async def test_the_dashboard_shows_a_guided_projects_stage(mini):
    from .tui_support import seed_progress

    seed_progress()
    _guided_project(stages_done=7)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "RAG platform" in text(app, "#summary"))
        assert "all 7 stages done" in text(app, "#summary")
