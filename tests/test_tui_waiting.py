"""The TUI never hangs on the model: elapsed seconds while it works, esc stops waiting for a grade
(the typed answer goes to self-rating), and quitting never waits for a stuck model call."""

from __future__ import annotations

import json
import os
import select
import time

import pytest
from textual.widgets import Markdown, TextArea

from aieng_cli.progress import default_store

from .fake_ollama import Fault
from .test_study_cli import _read_until, _spawn, _wait_draining
from .test_tutor import QUESTION
from .tui_support import make_app, screen_name, seed_progress, text, wait_until


@pytest.fixture(autouse=True)
def _seeded(mini):
    seed_progress()


async def test_esc_stops_waiting_for_a_grade_and_keeps_the_answer_for_self_rating(fake_ollama):
    fake_ollama.reply(json.dumps(QUESTION), Fault.slow(30))
    app = make_app(offline=False, host=fake_ollama.url, topic="python")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(app) == "QuizScreen" and app.screen.phase == "answering")
        quiz = app.screen
        quiz.query_one(TextArea).insert("Pins keep installs the same.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "is grading your answer" in text(app, "#quiz-status"))
        await wait_until(pilot, lambda: "1 s" in text(app, "#quiz-status") or "2 s" in text(app, "#quiz-status"))
        assert "esc: stop waiting" in text(app, "#quiz-status")
        started = time.monotonic()
        await pilot.press("escape")
        await wait_until(pilot, lambda: quiz.phase == "rating", timeout=5)
        assert time.monotonic() - started < 3  # not the 30 s the model would take
        assert screen_name(app) == "QuizScreen" and "Grading stopped" in text(app, "#verdict")
        assert quiz.answer == "Pins keep installs the same."
        assert "Model answer" in quiz.query_one("#model-answer", Markdown).source
        assert "Pins keep installs the same." in text(app, "#your-answer")
        await pilot.press("3")
        await wait_until(pilot, lambda: quiz.phase == "result")
        review = default_store().load().reviews[-1]
        assert review.answer == "Pins keep installs the same." and review.model == "self"
        assert not quiz.session.offline  # stopping one grade does not turn the tutor off


def _drain(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


@pytest.mark.parametrize("keys", [b"\x03", b"\x1bq"], ids=["ctrl+c", "esc-then-q"])
def test_quitting_never_waits_for_a_stuck_model(cli, fake_ollama, keys):
    """An Ollama that answers health checks but takes a minute to write: quit is immediate."""
    assert cli("plan", "--track", "builder", "--hours", "5").exit_code == 0
    fake_ollama.reply(Fault.slow(60), Fault.slow(60))
    child, fd = _spawn("--topic", "python", env={"OLLAMA_HOST": fake_ollama.url})
    try:
        _read_until(fd, b"is writing a question")
        time.sleep(0.5)
        for key in keys:
            os.write(fd, bytes([key]))
            _drain(fd, 0.6)  # a lone esc byte, not the start of an alt+key sequence
        assert _wait_draining(child, fd, timeout=10) == 0  # the model would have taken 60 s
    finally:
        child.kill()
        os.close(fd)
