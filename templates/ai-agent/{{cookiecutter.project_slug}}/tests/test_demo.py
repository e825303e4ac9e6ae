"""The offline demo model: deterministic plans and tool calls for a few phrasings, no server."""

from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.demo import DemoModel, action_for
from {{ cookiecutter.package_name }}.loop.planner import PLAN_SCHEMA
from {{ cookiecutter.package_name }}.runtime import build_model, build_runtime, run_goal
from {{ cookiecutter.package_name }}.settings import Settings


@pytest.mark.parametrize(
    ("clause", "tool", "arguments"),
    [
        ("Calculate (17 * 23) + 4", "calculator", {"expression": "(17 * 23) + 4"}),
        ("what is 2^10?", "calculator", {"expression": "2^10"}),
        ("save it to out/answer.txt", "write_file", {"path": "out/answer.txt"}),
        ("read notes.md", "read_file", {"path": "notes.md"}),
        ("list the files", "list_files", {"path": "."}),
        ("remember that deploys happen on Tuesdays", "remember", {"fact": "Deploys happen on Tuesdays."}),
        ("what do you know about deploys?", "search_memory", {"query": "deploys"}),
        ("tell me a story", "search_memory", {"query": "tell me a story"}),
    ],
)
def test_phrasings(clause: str, tool: str, arguments: dict) -> None:
    assert action_for(clause)[1:] == (tool, arguments)


def test_plan_is_valid_structured_output() -> None:
    raw = (
        DemoModel()
        .complete_json([{"role": "user", "content": "Goal: add 1 + 2; then save it to a.txt"}], PLAN_SCHEMA)
        .content
    )
    steps = json.loads(raw)["steps"]
    assert [s["tool"] for s in steps] == ["calculator", "write_file"] and steps[1]["creates"] == "a.txt"
    raw = DemoModel().complete_json([{"role": "user", "content": "Goal: What is 2*21? Save it to b.txt."}], PLAN_SCHEMA)
    assert [s["tool"] for s in json.loads(raw.content)["steps"]] == ["calculator", "write_file"]


@pytest.mark.stage(5)
def test_demo_runs_remember_then_recall_across_runs(tmp_path) -> None:
    settings = Settings(home=tmp_path / "home")
    yes = lambda name, arguments: True  # noqa: E731
    first = build_runtime(settings, build_model(settings, demo=True))
    assert run_goal(first, "Remember that the codename is Bluebird", confirm=yes)[0].ok
    second = build_runtime(settings, build_model(settings, demo=True))
    result, _ = run_goal(second, "What do you know about the codename?", confirm=yes)
    assert result.ok and "The codename is Bluebird." in result.answer
