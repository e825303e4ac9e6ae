"""`aieng quiz` while the model grades: it shows what it is doing with the seconds waited, and
ctrl+c cancels the pending grade, keeping the typed answer for self-rating. A real child process
(real SIGINT) against the loopback fake Ollama."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from rich.console import Console

from aieng_cli.cli.quiz_view import _Elapsed
from aieng_cli.progress import default_store

from .conftest import MINI_ROADMAP
from .fake_ollama import Fault

QUESTION = {
    "prompt": "Why would you pin dependencies in a virtual environment?",
    "answer": "Pinning makes installs reproducible. It avoids surprise upgrades breaking the code.",
    "key_points": ["reproducible installs", "no surprise upgrades"],
}


def test_the_waiting_line_names_the_work_and_counts_seconds():
    line = _Elapsed("llama3.2 is grading your answer", "ctrl+c: stop waiting and rate it yourself")
    line.start -= 12.4
    console = Console(record=True, width=120)
    console.print(line)
    assert console.export_text().strip() == (
        "llama3.2 is grading your answer… 12 s (ctrl+c: stop waiting and rate it yourself)"
    )


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_ctrl_c_during_a_pending_grade_keeps_the_answer_for_self_rating(fake_ollama):
    fake_ollama.reply(json.dumps(QUESTION), Fault.slow(60))  # the grade never comes
    env = {**os.environ, "AIENG_ROADMAP": str(MINI_ROADMAP), "OLLAMA_HOST": fake_ollama.url}
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "quiz", "python", "--count", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        child.stdin.write("Pinning keeps every install the same.\n\n")
        child.stdin.flush()
        wait_for(lambda: len(fake_ollama.chat_requests()) == 2)  # the grade request is pending
        child.send_signal(signal.SIGINT)
        child.stdin.write("3\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=20)
    finally:
        child.kill()
    assert "Traceback" not in err, err
    assert "Grading cancelled: rate your answer yourself." in out
    assert "Model answer" in out and "Self-rated Good" in out and "Offline" not in out.split("Online")[1]
    (review,) = default_store().load().reviews
    assert review.answer == "Pinning keeps every install the same." and review.model == "self"
