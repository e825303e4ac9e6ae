"""Snapshots of each screen at 80x24, 120x40 and 60x20 (fixed clock, fixed data, offline, no blinking).

Update after an intended change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea, Tree

from aieng_cli.practice_store import default_practice_store

from .tui_support import make_app, seed_progress, wait_until

SIZES = [(80, 24), (120, 40), (60, 20)]


PRACTICE_FOLDER = Path("/tmp/aieng-snapshot-practice")  # shown on the Practice screen: must not vary


@pytest.fixture(autouse=True)
def _seeded(mini, monkeypatch):
    seed_progress()
    monkeypatch.setenv("AIENG_EXERCISES", str(Path(__file__).parent / "fixtures" / "exercises"))
    shutil.rmtree(PRACTICE_FOLDER, ignore_errors=True)
    default_practice_store().mutate(lambda p: setattr(p, "folder", str(PRACTICE_FOLDER)))
    yield
    shutil.rmtree(PRACTICE_FOLDER, ignore_errors=True)


async def _on_dashboard(pilot) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "DashboardScreen")
    await wait_until(pilot, lambda: "offline" in str(pilot.app.screen.query_one("#ollama").render()))
    await wait_until(pilot, lambda: "Builder" in str(pilot.app.screen.query_one("#summary").render()))


async def _on_roadmap(pilot) -> None:
    await _on_dashboard(pilot)
    await pilot.press("r")
    await wait_until(
        pilot,
        lambda: type(pilot.app.screen).__name__ == "RoadmapScreen" and pilot.app.screen.query_one(Tree).root.children,
    )
    await pilot.press("down")  # from Python to APIs
    await pilot.pause(0.2)


async def _on_quiz_choice(pilot) -> None:
    await _on_dashboard(pilot)
    from aieng_cli.progress import default_store

    default_store().mutate(lambda p: p.cards.pop("rag"))  # no due topic: python (seen) then the bank order
    await pilot.press("r")
    await wait_until(pilot, lambda: pilot.app.screen.query_one(Tree).root.children)
    await pilot.press("z")
    await wait_until(
        pilot, lambda: type(pilot.app.screen).__name__ == "QuizScreen" and pilot.app.screen.phase == "answering"
    )
    pilot.app.screen.query_one(TextArea).cursor_blink = False
    await pilot.pause(0.2)


async def _on_quiz_rating(pilot) -> None:
    """A short answer offline: the learner's answer beside the model answer, ratings below."""
    await _on_dashboard(pilot)
    pilot.app.action_quiz("python")
    await wait_until(
        pilot, lambda: type(pilot.app.screen).__name__ == "QuizScreen" and pilot.app.screen.phase == "answering"
    )
    quiz = pilot.app.screen
    quiz.query_one(TextArea).insert("Each project gets its own packages, so versions never clash.")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: quiz.phase == "rating")
    await pilot.pause(0.2)


async def _on_confirm(pilot) -> None:
    """Esc with a typed answer: the quiz asks before dropping it."""
    await _on_dashboard(pilot)
    pilot.app.action_quiz("python")
    await wait_until(
        pilot, lambda: type(pilot.app.screen).__name__ == "QuizScreen" and pilot.app.screen.phase == "answering"
    )
    pilot.app.screen.query_one(TextArea).insert("half an answer")
    await pilot.press("escape")
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmScreen")
    await pilot.pause(0.2)


async def _on_practice(pilot) -> None:
    """The Practice screen when the roadmap's topics have no exercises (this test's roadmap is the mini one)."""
    await _on_dashboard(pilot)
    await pilot.press("p")
    await wait_until(
        pilot,
        lambda: (
            type(pilot.app.screen).__name__ == "PracticeScreen"
            and "No exercises" in str(pilot.app.screen.query_one("#practice-status").render())
        ),
    )
    await pilot.pause(0.2)


async def _on_tutor(pilot) -> None:
    await _on_roadmap(pilot)
    await pilot.press("c")
    await wait_until(
        pilot,
        lambda: (
            type(pilot.app.screen).__name__ == "TutorScreen"
            and "offline" in str(pilot.app.screen.query_one("#tutor-status").render())
        ),
    )
    pilot.app.screen.query_one(Input).cursor_blink = False
    await pilot.pause(0.2)


async def _on_help(pilot) -> None:
    await _on_dashboard(pilot)
    await pilot.press("question_mark")
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "screen",
    [_on_dashboard, _on_roadmap, _on_quiz_choice, _on_quiz_rating, _on_confirm, _on_tutor, _on_practice, _on_help],
    ids=["dashboard", "roadmap", "quiz", "quiz-rating", "confirm", "tutor", "practice", "help"],
)
def test_screen_snapshot(snap_compare, screen, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=screen)
