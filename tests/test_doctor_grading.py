"""`aieng doctor --grading` and the health wording of `aieng doctor`, through the CLI against the
loopback fake Ollama (machinery and wording; grading quality needs a real model)."""

from __future__ import annotations

import json
import time

import pytest

from aieng_cli.doctor import FIT_WITHIN_ONE, judge, larger_model
from aieng_cli.tutor import calibration
from aieng_cli.tutor.calibration import Outcome, agreement

from .fake_ollama import Fault, closed_port_url, hung_port_url


def grader(fake_ollama, score_for):
    """Script the fake to grade each calibration answer with `score_for(expert_score)`."""
    expected = {a.answer: a.score for a in calibration.load_calibration().answers}

    def respond(request):
        prompt = request["messages"][1]["content"]
        answer = prompt.split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0]
        return json.dumps({"score": score_for(expected[answer]), "verdict": "v", "feedback": "", "missed_points": []})

    fake_ollama.responder = respond


def test_a_model_that_agrees_is_fit(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    grader(fake_ollama, lambda expert: min(expert + 1, 4))  # generous by one point: still close
    result = cli("doctor", "--grading")
    assert result.exit_code == 0, result.output
    assert "✓ Grading: llama3.2 is fit to grade (10 of 10 grades within one point of an expert's" in result.output
    assert len(fake_ollama.chat_requests()) == 10


def test_a_model_that_always_says_4_is_not_fit_and_a_larger_one_is_suggested(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    grader(fake_ollama, lambda expert: 4)
    result = cli("doctor", "--grading")
    assert result.exit_code == 1
    assert "✗ Grading: llama3.2 is not fit to grade (4 of 10 grades within one point" in result.output
    assert "Spearman n/a (all grades alike)" in result.output
    assert "→ its grades may mislead you; try a larger model: `ollama pull qwen2.5:7b`" in result.output


def test_a_model_that_emits_garbage_is_not_fit(cli, monkeypatch, fake_ollama):
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    from aieng_cli.settings import set_value

    set_value("timeout", "2")
    fake_ollama.responder = lambda request: "I think this answer deserves a good score because"
    result = cli("doctor", "--grading")
    assert result.exit_code == 1 and "10 failed" in result.output and "Traceback" not in result.output


def test_grading_check_without_ollama_says_why(cli, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())
    result = cli("doctor", "--grading")
    assert result.exit_code == 1
    assert "✗ Grading: cannot check grading: Ollama is not reachable" in result.output


def test_doctor_on_a_hung_ollama_answers_within_the_health_limit(cli, monkeypatch):
    from aieng_cli.settings import set_value

    set_value("health_timeout", "0.5")
    monkeypatch.setenv("OLLAMA_HOST", hung_port_url())
    start = time.monotonic()
    result = cli("doctor")
    assert time.monotonic() - start < 5
    assert result.exit_code == 0
    assert f"Ollama: {hung_port_url()} is not answering (still loading a model?)" in result.output
    assert "ollama serve" not in result.output and "ollama ps" in result.output


def test_doctor_on_a_slow_version_endpoint_is_not_called_unreachable(cli, monkeypatch, fake_ollama):
    from aieng_cli.settings import set_value

    set_value("health_timeout", "0.5")
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url)
    fake_ollama.down_for("/api/version", Fault.slow(10))
    result = cli("doctor")
    assert "not answering" in result.output and "not reachable" not in result.output


@pytest.mark.parametrize(
    ("model", "bigger"),
    [
        ("llama3.2", "qwen2.5:7b"),
        ("llama3.2:1b", "qwen2.5:7b"),
        ("phi3:3.8b", "qwen2.5:7b"),
        ("qwen2.5:7b", "qwen2.5:14b"),
        ("llama3.1:8b-instruct-q4_K_M", "qwen2.5:14b"),
    ],
)
def test_larger_model(model, bigger):
    assert larger_model(model) == bigger


def outcomes(pairs, failed=0):
    made = [Outcome(str(i), str(i), e, g, 1.0, 1) for i, (e, g) in enumerate(pairs)]
    return made + [Outcome(f"f{i}", f"f{i}", 2, None, 1.0, 2, "invalid output twice") for i in range(failed)]


@pytest.mark.parametrize(
    ("pairs", "failed", "fit"),
    [
        ([(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 4), (4, 4), (4, 4)], 0, True),
        ([(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 4), (4, 4)], 1, True),  # one failure allowed
        ([(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 4)], 2, False),  # two are not
        ([(0, 2), (0, 2), (1, 3), (1, 3), (2, 4), (2, 4), (3, 3), (3, 3), (4, 4), (4, 4)], 0, False),  # too far
    ],
)
def test_fitness_thresholds(pairs, failed, fit):
    fitness = judge("m", agreement(outcomes(pairs, failed)))
    assert fitness.fit is fit and (fitness.advice is None) is fit
    assert FIT_WITHIN_ONE == 0.8
