"""`aieng study` driven with keys and clicks (Textual pilot), asserting screen and progress file."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Markdown, OptionList, TextArea, Tree

from aieng_cli.progress import default_store

from .fake_ollama import Fault
from .test_tutor import GRADE, QUESTION
from .tui_support import make_app, options, screen_name, seed_progress, text, wait_until


@pytest.fixture(autouse=True)
def _seeded(mini):
    seed_progress()


async def test_dashboard_shows_progress_due_streak_activity_and_offline_reason():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "Builder" in text(app, "#summary"))
        summary = text(app, "#summary")
        assert "33% done" in summary and "1 review due today" in summary and "streak 3 days" in summary
        assert "Basics" in text(app, "#phases") and "50%" in text(app, "#phases")
        assert app.screen.query_one("#reviews-chart").data[-3:] == [1, 2, 1]
        assert options(app, "#next-list")[:2] == ["Review 1 due topic now (z)", "Study APIs"]
        await wait_until(pilot, lambda: "offline" in text(app, "#ollama"))
        assert "--offline" in text(app, "#ollama")


async def test_dashboard_reports_ollama_online_and_missing_model(fake_ollama):
    app = make_app(offline=False, host=fake_ollama.url)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: "checking" not in text(app, "#ollama"))
        assert f"llama3.2 at {fake_ollama.url}" in text(app, "#ollama")
    fake_ollama.models = []
    app = make_app(offline=False, host=fake_ollama.url)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: "checking" not in text(app, "#ollama"))
        assert "to enable: ollama pull llama3.2" in text(app, "#ollama")


async def test_roadmap_tree_page_and_marking():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("r")
        await wait_until(
            pilot, lambda: screen_name(app) == "RoadmapScreen" and app.screen.query_one(Tree).root.children
        )
        labels = [str(n.label) for p in app.screen.query_one(Tree).root.children for n in p.children]
        assert labels == ["● Python", "◐ APIs", "○ Retrieval-augmented generation due"]
        await pilot.press("down")  # the cursor starts on Python; down moves to APIs
        await wait_until(pilot, lambda: "# APIs" in app.screen.query_one("#page", Markdown).source)
        await pilot.press("x")
        await wait_until(pilot, lambda: default_store().load().status("apis") == "done")
        await wait_until(pilot, lambda: str(app.screen.query_one(Tree).cursor_node.label) == "● APIs")
        await pilot.press("s")
        await wait_until(pilot, lambda: default_store().load().status("apis") == "skipped")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")


async def test_quiz_choice_by_number_key_is_saved_before_next_question():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.query_one(Tree).root.children)
        await pilot.press("z")  # quiz the highlighted topic: python, whose bank starts with a short question
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        quiz = app.screen
        assert quiz.asked.kind == "short" and "virtual environment" in quiz.asked.prompt
        quiz.query_one(TextArea).insert("It isolates each project's dependencies")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: quiz.phase == "rating")
        assert "rate yourself" in text(app, "#verdict")
        # The learner's own answer stays beside the model answer; no rating is pre-selected.
        assert "It isolates each project's dependencies" in text(app, "#your-answer")
        assert "Model answer" in quiz.query_one("#model-answer", Markdown).source
        assert not any(button.has_focus for button in quiz.query("#rating Button"))
        assert quiz.check_action("submit", ()) is False  # the footer no longer offers ctrl+s Submit
        await pilot.press("enter")  # enter never rates by accident
        assert quiz.phase == "rating"
        await pilot.click("#rate-4")
        await wait_until(pilot, lambda: quiz.phase == "result")
        assert "Self-rated Easy" in text(app, "#verdict")
        assert default_store().load().reviews[-1].answer == "It isolates each project's dependencies"
        count = len(default_store().load().reviews)
        await pilot.press("enter")
        await wait_until(pilot, lambda: quiz.phase == "answering" and quiz.asked.kind == "choice")
        assert len(default_store().load().reviews) == count  # saved before the next question showed
        options = quiz.query_one(OptionList)
        assert options.option_count == 4 and str(options.get_option_at_index(0).prompt).startswith("A. ")
        await pilot.press("b")  # letters, as the CLI and the verdicts name choices
        await wait_until(pilot, lambda: quiz.phase == "result")
        assert text(app, "#verdict").startswith("Correct")
        assert default_store().load().reviews[-1].score == 4
        # The options stay on screen with the pick and the right answer marked.
        assert options.display and options.disabled
        assert "✓ B." in str(options.get_option_at_index(1).prompt)


async def test_quiz_online_with_server_dying_mid_answer(fake_ollama):
    fake_ollama.reply(json.dumps(QUESTION), Fault.cut_stream(1), Fault.cut_stream(1))
    app = make_app(offline=False, host=fake_ollama.url, topic="python")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        quiz = app.screen
        assert quiz.asked.source == "llama3.2" and quiz.asked.prompt == QUESTION["prompt"]
        quiz.query_one(TextArea).insert("Pinning makes builds repeatable.")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: quiz.phase == "rating")
        assert quiz.session.offline and "connection to Ollama broke" in quiz.session.offline_reason
        assert "connection to Ollama broke" in text(app, "#quiz-offline")  # said once, in its own line
        assert not any("Offline" in n.message for n in app._notifications)  # no toast over the answer
        await pilot.press("2")
        await wait_until(pilot, lambda: quiz.phase == "result")
        review = default_store().load().reviews[-1]
        assert (review.answer, review.model, review.score) == ("Pinning makes builds repeatable.", "self", 2)


async def test_quiz_online_grade_shows_feedback_and_missed_points(fake_ollama):
    fake_ollama.reply(json.dumps(QUESTION), json.dumps(GRADE))
    app = make_app(offline=False, host=fake_ollama.url, topic="python")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        quiz = app.screen
        quiz.query_one(TextArea).insert("Pins avoid surprises.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: quiz.phase == "result")
        assert "Mostly right" in text(app, "#verdict") and "score 3/4" in text(app, "#verdict")
        feedback = quiz.query_one("#feedback", Markdown).source
        assert "Missed:** reproducible installs" in feedback
        assert "Model answer" in quiz.query_one("#model-answer", Markdown).source
        assert "Pins avoid surprises." in text(app, "#your-answer")  # beside the model answer
        assert default_store().load().reviews[-1].model == "llama3.2"


async def test_letters_typed_into_an_answer_never_navigate():
    app = make_app(topic="python")
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        await pilot.press(*"drzq?")
        assert screen_name(app) == "QuizScreen" and app.screen.query_one(TextArea).text == "drzq?"


async def test_tutor_chat_streams_and_keeps_history(fake_ollama):
    fake_ollama.reply("Functions are named steps.", Fault.error_in_stream(2, "GPU out of memory"))
    app = make_app(offline=False, host=fake_ollama.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.query_one(Tree).root.children)
        await pilot.press("c")
        await wait_until(pilot, lambda: screen_name(app) == "TutorScreen")
        tutor = app.screen
        await wait_until(pilot, lambda: "llama3.2 at" in text(app, "#tutor-status"))
        await pilot.press(*"What is a function?", "enter")
        await wait_until(pilot, lambda: not tutor.streaming and len(tutor.messages) == 2)
        replies = tutor.query(".tutor")
        assert replies.last().source == "Functions are named steps."
        await pilot.press(*"And a class?", "enter")
        await wait_until(pilot, lambda: not tutor.streaming)
        assert (
            "stopped mid-answer: the model failed mid-answer: GPU out of memory" in tutor.query(".tutor").last().source
        )
        sent = fake_ollama.chat_requests()[-1]["messages"]
        assert [m["content"] for m in sent[1:]] == ["What is a function?", "Functions are named steps.", "And a class?"]
        await pilot.press("escape")
        assert screen_name(app) == "RoadmapScreen"
        # Coming back to the topic shows the conversation again, and ctrl+s saves it as Markdown.
        await pilot.press("c")
        await wait_until(pilot, lambda: screen_name(app) == "TutorScreen" and app.screen.query(".tutor"))
        assert app.screen.query(".tutor").first().source == "Functions are named steps."
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("Saved the chat" in n.message for n in app._notifications))
        saved = next((default_store().path.parent / "chats").glob("python-*.md")).read_text()
        assert "## You\n\nWhat is a function?" in saved and "## Tutor\n\nFunctions are named steps." in saved


async def test_help_palette_and_quit():
    app = make_app()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "DashboardScreen")
        await pilot.press("question_mark")
        assert screen_name(app) == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"Roadmap")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "RoadmapScreen")
        await pilot.press("q")
    assert app.return_code == 0


async def test_unknown_start_topic_stops_with_a_suggestion():
    app = make_app(topic="pyton")
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.error is not None)
    assert "did you mean python" in app.error


async def test_theme_setting_and_unknown_theme_falls_back():
    from aieng_cli.settings import Settings
    from aieng_cli.tui.app import StudyApp

    app = StudyApp(settings=Settings(theme="nord"), offline=True)
    async with app.run_test():
        assert app.theme == "nord"
    app = StudyApp(settings=Settings(theme="no-such-theme"), offline=True)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert app.theme != "no-such-theme"
        assert any("Unknown theme 'no-such-theme'" in n.message for n in app._notifications)
