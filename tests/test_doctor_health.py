"""The health check: its own short limit, and a sentence that says what is true, through the real
ollama client against loopback servers (refusing, hung, slow, garbage)."""

from __future__ import annotations

import time

import pytest

from aieng_cli.errors import AiengError
from aieng_cli.tutor.llm import OllamaTutor

from .fake_ollama import Fault, closed_port_url, hung_port_url


def test_health_when_nothing_listens():
    health = OllamaTutor(closed_port_url(), "llama3.2", timeout=2).health()
    assert not health.reachable and "not reachable" in health.problem and "ollama serve" in health.hint


@pytest.mark.parametrize("where", ["hung-port", "slow-version", "slow-tags"])
def test_health_of_a_server_that_never_answers_says_so_within_its_own_limit(fake_ollama, where):
    url = hung_port_url() if where == "hung-port" else fake_ollama.url
    if where != "hung-port":
        fake_ollama.down_for("/api/version" if where == "slow-version" else "/api/tags", Fault.slow(20))
    tutor = OllamaTutor(url, "llama3.2", timeout=60, health_timeout=0.5)
    start = time.monotonic()
    health = tutor.health()
    assert time.monotonic() - start < 1.5  # the health limit, not the 60 s generation timeout
    assert health.problem == f"Ollama at {url} is not answering (still loading a model?)"
    assert "ollama serve" not in health.summary and "health_timeout" in health.summary


@pytest.mark.parametrize("fault", [Fault.garbage(), Fault.http(500, "boom")], ids=["garbage", "error"])
def test_health_of_a_server_that_answers_badly(fake_ollama, fault):
    fake_ollama.down_for("/api/tags", fault)
    health = OllamaTutor(fake_ollama.url, "llama3.2", timeout=2).health()
    assert not health.ok and health.problem.startswith(f"Ollama at {fake_ollama.url} answered badly")


def test_health_timeout_setting_is_separate_from_the_generation_timeout():
    from aieng_cli.settings import load_settings, set_value

    assert load_settings().health_timeout == 3.0
    assert set_value("health_timeout", "1.5").health_timeout == 1.5 and load_settings().timeout == 60.0
    with pytest.raises(AiengError, match="health_timeout must be a number of seconds"):
        set_value("health_timeout", "soon")
    with pytest.raises(AiengError, match="health_timeout"):
        set_value("health_timeout", "0")


def test_quiz_on_a_hung_ollama_goes_offline_at_once_and_says_why(cli, mini, monkeypatch):
    from aieng_cli.settings import set_value

    set_value("health_timeout", "0.5")
    url = hung_port_url()
    monkeypatch.setenv("OLLAMA_HOST", url)
    start = time.monotonic()
    result = cli("quiz", "python", "--count", "1", input="isolation\n\n3\n")
    assert time.monotonic() - start < 10  # was 61 s: the generation timeout
    assert f"Offline: Ollama at {url} is not answering (still loading a model?)" in result.output
    assert "ollama serve" not in result.output and len(result.output.split("Offline")) == 2
