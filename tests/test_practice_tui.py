"""The Practice screen, driven with keys (Textual pilot): exercises with ✓, task, check in a worker, hints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Tree

from aieng_cli.practice_store import default_practice_store

from .tui_support import make_app, options, screen_name, text, wait_until

FIXTURE = Path(__file__).parent / "fixtures" / "exercises"
ADD = "python-engineering-add"


@pytest.fixture(autouse=True)
def exercises(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("AIENG_EXERCISES", str(FIXTURE))
    base = tmp_path / "practice"
    default_practice_store().mutate(lambda p: setattr(p, "folder", str(base)))
    return base


def task_text(app) -> str:
    from textual.widgets import Markdown

    return app.screen.query_one("#practice-task", Markdown).source


async def test_practice_screen_checks_in_a_worker_then_marks_the_pass(exercises, cli):
    cli("plan", "--track", "ai-developer", "--hours", "8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("p")
        await wait_until(pilot, lambda: screen_name(app) == "PracticeScreen" and "Write add(a, b)" in task_text(app))
        assert f"{exercises / 'python-engineering' / ADD / 'adder.py'}" in task_text(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: "0 of 2 tests pass" in text(app, "#practice-status"), timeout=30)
        assert "test_small: not written yet" in text(app, "#practice-output")
        (exercises / "python-engineering" / ADD / "adder.py").write_text("def add(a, b):\n    return a + b\n")
        await pilot.press("c")
        await wait_until(pilot, lambda: "✓ all 2 tests pass" in text(app, "#practice-status"), timeout=30)
        tree = app.screen.query_one(Tree)
        assert str(tree.cursor_node.label).startswith("✓ Add two numbers")
        await pilot.press("h")
        await wait_until(pilot, lambda: any("Use the + operator." in n.message for n in app._notifications))
        await pilot.press("escape")  # the dashboard now shows practice
        await wait_until(pilot, lambda: any("Practice: 1/2 exercises passed" in o for o in options(app, "#next-list")))
        assert any("next: python-engineering-mul" in o for o in options(app, "#next-list"))
    saved = json.loads(default_practice_store().path.read_text())["practice"]["results"][ADD]
    assert saved["passed_at"] and saved["attempts"] == 2 and saved["hints_used"] == 1


async def test_practice_from_the_palette_and_bad_code_is_one_line(exercises):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("ctrl+p")
        await pilot.press(*"Practice")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "PracticeScreen" and "Write add" in task_text(app))
        await pilot.press("down")  # the second exercise of the topic
        await wait_until(pilot, lambda: "Write mul(a, b)" in task_text(app))
        await pilot.press("o")
        folder = exercises / "python-engineering" / "python-engineering-mul"
        await wait_until(pilot, lambda: (folder / "multiplier.py").exists())
        (folder / "multiplier.py").write_text("def mul(a, b:\n")
        await pilot.press("c")
        await wait_until(pilot, lambda: "syntax error in multiplier.py line 1" in text(app, "#practice-status"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
