"""`aieng quiz`, `doctor` and `config` as a user runs them, against the loopback Ollama or none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from aieng_cli.progress import default_store

from .conftest import MINI_ROADMAP
from .fake_ollama import Fault, closed_port_url
from .test_tutor import GRADE, QUESTION


@pytest.fixture(autouse=True)
def _planned(mini, cli):
    assert cli("plan", "--track", "builder", "--hours", "5").exit_code == 0


def _online(monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)

    asked = []

    def responder(request):
        if "Learner's answer" in request["messages"][-1]["content"]:
            return json.dumps(GRADE)
        asked.append(request)  # a fresh question each time: a session never repeats one
        return json.dumps({**QUESTION, "prompt": f"{QUESTION['prompt']} (case {len(asked)})"})

    fake_ollama.responder = responder


def test_quiz_online_generates_grades_and_saves(cli, monkeypatch, fake_ollama):
    _online(monkeypatch, fake_ollama)
    result = cli("quiz", "--new", "--count", "2", input="Pin versions so installs repeat.\n\nSame again.\n\n")
    out = result.output
    assert result.exit_code == 0, out
    assert "Online: llama3.2" in out and QUESTION["prompt"] in out and "written by llama3.2" in out
    assert "Mostly right" in out and "score 3/4" in out and "Missed: reproducible installs" in out
    assert "2 answer(s) graded and saved" in out
    reviews = default_store().load().reviews
    assert [(r.topic, r.score, r.model) for r in reviews] == [("python", 3, "llama3.2"), ("apis", 3, "llama3.2")]


def test_quiz_without_ollama_runs_offline_and_says_why(cli, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())
    result = cli("quiz", "python", "--count", "2", input="isolation\n\n3\nb\n")
    out = result.output
    assert result.exit_code == 0, out
    assert out.count("Offline: Ollama is not reachable") == 1 and "to enable: start it with ollama serve" in out
    offline = next(line for line in out.split("\n\n") if "Offline:" in line)
    assert offline.count(closed_port_url().split("//")[1]) == 1 and "`" not in offline  # the host once, no Markdown
    assert "from the bank" in out and "Traceback" not in out
    assert len(default_store().load().reviews) == 2


def test_quiz_offline_flag_never_calls_the_model(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    result = cli("quiz", "python", "--offline", "--count", "1", input="isolation\n\n3\n")
    assert "Offline: you asked for offline mode" in result.output
    assert fake_ollama.requests == []


def test_quiz_with_model_missing_names_the_pull_command(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    fake_ollama.models = []
    result = cli("quiz", "python", "--count", "1", input="isolation\n\n3\n")
    assert "model llama3.2 is not pulled; to enable: ollama pull llama3.2" in result.output


@pytest.mark.parametrize(
    "fault",
    [Fault.http(500, "GPU fell over"), Fault.slow(4), Fault.garbage(), Fault.cut_stream(1)],
    ids=["error", "slow", "garbage", "cut"],
)
def test_quiz_goes_on_offline_when_grading_breaks(cli, monkeypatch, fake_ollama, fault):
    _online(monkeypatch, fake_ollama)
    from aieng_cli.settings import set_value

    set_value("timeout", "2")
    fake_ollama.responder = None
    fake_ollama.reply(json.dumps(QUESTION), fault, fault)
    result = cli("quiz", "python", "--count", "2", input="my answer\n\n2\nthe second\n\n3\n")
    out = result.output
    assert result.exit_code == 0, out
    assert out.count("Offline from now on:") == 1 and "Traceback" not in out
    assert "Model answer" in out and "Self-rated Hard" in out
    reviews = default_store().load().reviews
    assert reviews[0].answer == "my answer" and reviews[0].model == "self" and len(reviews) == 2


def test_ctrl_c_keeps_graded_answers(tmp_path):
    env = {**os.environ, "AIENG_ROADMAP": str(MINI_ROADMAP), "OLLAMA_HOST": closed_port_url()}
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "quiz", "python", "--offline", "--count", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    child.stdin.write("isolation\n\n3\n")  # answers the first (short) bank question, rates it Good
    child.stdin.flush()
    deadline = time.time() + 20
    while time.time() < deadline and not default_store().load().reviews:
        time.sleep(0.05)
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=20)
    assert "Traceback" not in err
    assert "graded and saved" in out
    assert len(default_store().load().reviews) >= 1


def test_doctor_all_good(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    result = cli("doctor")
    out = result.output
    assert result.exit_code == 0, out
    assert f"Ollama: {fake_ollama.url}, version 0.12.3" in out and "llama3.2 is pulled" in out
    assert "Progress:" in out and "4 topics" in out and "rag-platform" in out


def test_doctor_missing_model_fails_with_pull_line(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    fake_ollama.models = ["other:latest"]
    result = cli("doctor")
    assert result.exit_code == 1 and "→ ollama pull llama3.2" in result.output


def test_doctor_without_ollama_warns_but_passes(cli, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())
    result = cli("doctor")
    assert result.exit_code == 0 and "not reachable" in result.output and "ollama serve" in result.output


def test_doctor_fails_on_damaged_progress(cli, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())
    default_store().path.write_text("{oops")
    result = cli("doctor")
    assert result.exit_code == 1 and "aieng progress repair" in result.output


def test_config_set_get_and_ollama_host(cli, monkeypatch):
    assert cli("config", "set", "model", "qwen2.5:7b").stdout.strip() == "model = qwen2.5:7b"
    assert cli("config", "get", "model").stdout.strip() == "qwen2.5:7b"
    assert cli("config", "set", "host", "gpu-box:11500").stdout.strip() == "host = http://gpu-box:11500"
    monkeypatch.setenv("OLLAMA_HOST", "0.0.0.0:12345")
    assert cli("config", "get", "host").stdout.strip() == "http://127.0.0.1:12345"
    bad = cli("config", "set", "colour", "red")
    assert bad.exit_code == 1 and "unknown setting 'colour'" in bad.stderr
    bad = cli("config", "set", "timeout", "soon")
    assert bad.exit_code == 1 and "number of seconds" in bad.stderr
    assert cli("config", "get", "model").stdout.strip() == "qwen2.5:7b"
    assert cli("config", "set", "theme", "textual-light").stdout.strip() == "theme = textual-light"


def test_doctor_reports_a_damaged_review_log_as_a_failed_check(cli, monkeypatch):
    from aieng_cli.progress import Review

    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())
    store = default_store()
    with store.update() as progress:
        progress.add_review(Review(topic="python", question="q", score=3, rating=3))
    log = store.log_path(store.load().log)
    log.write_bytes(log.read_bytes().replace(b'"score":3', b'"score":9'))
    result = cli("doctor")
    assert result.exit_code == 1 and str(log) in result.output and "aieng progress repair" in result.output
    assert "Ollama" in result.output  # the other checks still ran


def test_quiz_offline_on_a_topic_with_an_empty_bank_says_the_bank_is_empty(cli):
    result = cli("quiz", "apis", "--offline")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "has no questions in its bank" in text and "ran out" not in text
