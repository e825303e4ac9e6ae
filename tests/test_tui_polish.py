"""The TUI as a learner expects it: nothing typed is dropped without asking, the palette opens
topics where the keys work, phases have pages, pages name the TUI's keys, layouts fit."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown, TextArea, Tree

from aieng_cli.progress import default_store

from .tui_support import make_app, options, screen_name, seed_progress, text, wait_until


@pytest.fixture(autouse=True)
def _seeded(mini):
    seed_progress()


def _cursor(app) -> object:
    """The data of the roadmap tree's cursor row (None until the roadmap is up)."""
    if screen_name(app) != "RoadmapScreen":
        return None
    trees = app.screen.query(Tree)
    node = trees.first().cursor_node if trees else None
    return node.data if node is not None else None


async def _typing_in_a_quiz(app, pilot):
    await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
    quiz = app.screen
    quiz.query_one(TextArea).insert("half an answer")
    return quiz


async def test_esc_with_a_typed_answer_asks_before_dropping_it():
    app = make_app(topic="python")
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await _typing_in_a_quiz(app, pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await pilot.press("n")  # stay
        await wait_until(pilot, lambda: app.screen is quiz)
        assert quiz.query_one(TextArea).text == "half an answer"
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await pilot.press("enter")  # the focused default is the safe one: stay
        await wait_until(pilot, lambda: app.screen is quiz)
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        assert default_store().load().reviews[-1].answer != "half an answer"  # nothing recorded


async def test_an_empty_answer_leaves_without_asking():
    app = make_app(topic="python")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")


async def test_palette_navigation_mid_quiz_asks_first():
    app = make_app(topic="python")
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await _typing_in_a_quiz(app, pilot)
        app.action_roadmap("rag")  # what the palette's "Open topic" runs
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is quiz)
        app.action_roadmap("rag")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await pilot.press("y")
        await wait_until(pilot, lambda: _cursor(app) == "rag")


async def test_open_topic_from_the_dashboard_and_the_roadmap_moves_the_cursor():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        app.action_roadmap("apis")
        await wait_until(pilot, lambda: _cursor(app) == "apis")
        await pilot.press("x")  # the keys act on the opened topic, not on phase 1
        await wait_until(pilot, lambda: default_store().load().status("apis") == "done")
        app.action_roadmap("rag")  # already on the roadmap: the palette moves there too
        await wait_until(pilot, lambda: _cursor(app) == "rag")
        assert "# Retrieval-augmented generation" in app.screen.query_one("#page", Markdown).source


async def test_a_phase_shows_its_summary_and_a_topic_page_names_the_keys():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.query_one(Tree).cursor_node is not None)
        page = app.screen.query_one("#page", Markdown)
        await wait_until(pilot, lambda: "# Python" in page.source)
        assert "press `z`" in page.source and "aieng topic" not in page.source
        await pilot.press("up")  # the phase row above Python
        await wait_until(pilot, lambda: page.source.startswith("# Basics"))
        assert "## Topics" in page.source and "Python" in page.source and "● done" in page.source
        await pilot.press("x")
        assert "Select a topic" in " ".join(n.message for n in app._notifications)


async def test_help_shows_its_own_keys():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("r")
        await wait_until(pilot, lambda: screen_name(app) == "RoadmapScreen")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: screen_name(app) == "HelpScreen")
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "Close" in footer and "Learning" not in footer


@pytest.mark.parametrize(("width", "stacked"), [(80, True), (120, False)])
async def test_your_answer_and_the_model_answer_side_by_side_or_stacked(width, stacked):
    app = make_app(topic="python")
    async with app.run_test(size=(width, 30)) as pilot:
        quiz = await _typing_in_a_quiz(app, pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: quiz.phase == "rating")
        compare = quiz.query_one("#compare")
        yours, model = quiz.query_one("#yours"), quiz.query_one("#model")
        assert compare.has_class("stacked") is stacked
        if stacked:
            assert yours.region.y < model.region.y
        else:
            assert yours.region.y == model.region.y and yours.region.x < model.region.x
        assert "half an answer" in text(app, "#your-answer")


async def test_the_offline_tutor_says_why_once():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        app.action_chat("python")
        await wait_until(pilot, lambda: screen_name(app) == "TutorScreen" and app.screen.query(".note"))
        tutor = app.screen
        assert text(app, "#tutor-status").endswith("offline")  # the status line fits; the reason is below
        assert "--offline" in tutor.query(".note").first().source
        await pilot.press(*"What is a list?", "enter")
        await wait_until(pilot, lambda: len(tutor.query(".note")) == 2)
        assert "Not sent" in tutor.query(".note").last().source
        assert not app._notifications  # no toast repeats it over the input


async def test_the_dashboard_is_actionable_and_names_itself():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen" and app.screen.query("#next-list"))
        await wait_until(pilot, lambda: len(options(app, "#next-list")) >= 2)
        assert app.screen.sub_title == "Dashboard" and app.screen.query_one("#next-list").has_focus
        await pilot.press("down", "enter")  # "Study APIs"
        await wait_until(pilot, lambda: _cursor(app) == "apis")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("home", "enter")  # "Review 1 due topic now"
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen")


@pytest.mark.parametrize(("size", "rows"), [((100, 30), 8), ((120, 40), 12), ((60, 20), 3)])
async def test_a_taller_dashboard_lists_more_of_what_comes_next(size, rows):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await wait_until(pilot, lambda: len(options(app, "#next-list")) >= 2)
        assert app.screen.next_count() == rows
        studies = [o for o in options(app, "#next-list") if o.startswith("Study")]
        assert len(studies) == min(rows, 2)  # the mini roadmap has two topics left to study


async def test_a_narrow_dashboard_stacks_the_charts_under_the_phases():
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await wait_until(pilot, lambda: "Basics" in text(app, "#phases"))
        phases, charts = app.screen.query_one("#phases"), app.screen.query_one("#activity")
        assert app.screen.query_one("#dash-row").has_class("narrow") and charts.region.y > phases.region.y


async def test_status_lines_wrap_long_titles_instead_of_cutting_them():
    app = make_app(topic="rag")
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase != "loading")
        status = app.screen.query_one("#quiz-status")
        app.screen._status("Q1 · Retrieval-augmented generation · new material · written by qwen2.5:7b-instruct")
        await pilot.pause()
        assert status.size.height == 2  # wrapped onto a second line, nothing cut


async def test_practice_with_a_roadmap_whose_topics_have_no_exercises_says_so(monkeypatch):
    from pathlib import Path

    # The fixture exercises are all on python-engineering, a topic the mini roadmap does not have.
    monkeypatch.setenv("AIENG_EXERCISES", str(Path(__file__).parent / "fixtures" / "exercises"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("p")
        await wait_until(pilot, lambda: "No exercises" in text(app, "#practice-status"))
        assert screen_name(app) == "PracticeScreen"  # an empty tree used to crash the app
