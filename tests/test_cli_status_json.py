"""`aieng status --json`: what the text shows, for scripts (fixture roadmap)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(autouse=True)
def _mini(mini):
    return mini


def test_status_json_has_today_phases_counts_due_and_next(cli):
    cli("plan", "--track", "builder", "--hours", "5")
    cli("mark", "python", "done")
    cli("mark", "apis", "skip")
    result = cli("status", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    view = json.loads(result.stdout)
    assert (view["track"], view["track_title"], view["percent"]) == ("builder", "Builder", 50)
    assert view["counts"] == {"todo": 1, "learning": 0, "done": 1, "skipped": 1}
    basics, models = view["phases"]
    assert basics == {
        "id": "basics",
        "title": "Basics",
        "total": 2,
        "done": 1,
        "learning": 0,
        "skipped": 1,
        "percent": 100,
    }
    assert (models["id"], models["percent"]) == ("models", 0)
    assert view["due"] == [] and view["reviews"] == 0 and view["projects"] == [] and view["retired"] == []
    assert view["next_topics"] == [{"id": "rag", "title": "Retrieval-augmented generation"}]
    assert view["today"]["next"]["command"] == "aieng topic rag"
    assert view["today"] == json.loads(cli("today", "--json").stdout)  # one today object for both


def test_status_json_lists_due_reviews(cli, monkeypatch):
    from datetime import timedelta

    from aieng_cli import progress

    cli("plan", "--track", "builder", "--hours", "5")
    assert cli("quiz", "python", "--offline", "--count", "1", input="\n0\n").exit_code == 0
    later = progress.utcnow() + timedelta(days=3)  # a review answered today is next due later
    for module in ("aieng_cli.progress", "aieng_cli.overview"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: later)
    view = json.loads(cli("status", "--json").stdout)
    assert view["reviews"] == 1 and view["due"] == ["python"]
    assert [item["id"] for item in view["today"]["due"]] == ["python"]


def test_status_json_without_a_plan_is_one_line_and_no_json(cli):
    result = cli("status", "--json")
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.startswith("aieng: no track chosen")
