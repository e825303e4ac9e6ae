"""The `agent` command line, in-process with typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from fake_ollama import FakeOllama, call, plan, say
from typer.testing import CliRunner

from {{ cookiecutter.package_name }}.cli import app

runner = CliRunner()
SOLO = [{% if cookiecutter.multi_agent == "yes" %}"--solo"{% endif %}]  # one agent, so one script serves both builds
DEMO_GOAL = "Calculate (17 * 23) + 4, then save it to answer.txt"


def invoke(args: list[str]) -> Result:
    """The CLI in-process; an exception no command handles fails the test as itself, with its traceback."""
    return runner.invoke(app, args, catch_exceptions=False)


@pytest.mark.stage({% if cookiecutter.multi_agent == "yes" %}7{% else %}6{% endif %})
def test_demo_run_needs_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead_host: str) -> None:
    monkeypatch.setenv("OLLAMA_HOST", dead_host)
    result = invoke(["run", "--demo", "--yes", DEMO_GOAL])
    assert result.exit_code == 0, result.output
    assert "Offline mode: demo" in result.output and "395" in result.output
    assert (tmp_path / "home" / "workspace" / "answer.txt").read_text() == "395\n"
    replayed = invoke(["replay", "last"])
    assert replayed.exit_code == 0 and "write_file" in replayed.output and "395" in replayed.output


def test_run_without_ollama_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch, dead_host: str) -> None:
    monkeypatch.setenv("OLLAMA_HOST", dead_host)
    result = invoke(["run", "What is 2+2?"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: Ollama is not reachable at") and "--demo" in lines[0]


@pytest.mark.stage(5)
def test_run_against_ollama(monkeypatch: pytest.MonkeyPatch, ollama: FakeOllama) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama.url)
    ollama.queue(plan(("Compute", "calculator")), call("calculator", expression="2+2"), say("2 + 2 = 4"))
    args = ["run", "--quiet", "--model", "llama3.2", "What is 2+2?"]
    result = invoke(args + SOLO)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 + 2 = 4"


def test_missing_model_hint(monkeypatch: pytest.MonkeyPatch, ollama: FakeOllama) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama.url)
    result = invoke(["run", "--model", "qwen2.5:7b", "hi"])
    assert result.exit_code == 1 and "ollama pull qwen2.5:7b" in result.output
    assert invoke(["doctor"]).output.startswith("ok: Ollama at")


@pytest.mark.stage({% if cookiecutter.multi_agent == "yes" %}7{% else %}5{% endif %})
def test_budget_exhaustion_exits_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["run", "--demo", "--yes", "--max-steps", "1", DEMO_GOAL])
    assert result.exit_code == 1 and "step budget of 1" in result.output


@pytest.mark.stage(5)
def test_token_budget_option() -> None:
    result = invoke(["run", "--demo", "--yes", "--max-tokens", "100", *SOLO, DEMO_GOAL])
    assert result.exit_code == 1 and "token budget of 100 used up" in result.output


@pytest.mark.stage({% if cookiecutter.multi_agent == "yes" %}7{% else %}5{% endif %})
def test_writes_are_refused_without_yes_when_nobody_can_confirm() -> None:
    result = invoke(["run", "--demo", "--quiet", "save it to x.txt"])
    assert "needs confirmation" in result.output


@pytest.mark.stage(6)
def test_replay_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event": "run_start", "goal": "g"}\nnot json\n')
    result = invoke(["replay", str(bad)])
    assert result.exit_code == 1 and result.output.strip() == f"error: {bad}:2: not valid JSON (Expecting value)"
    assert invoke(["replay", "last"]).output.startswith("error: no traces yet")


@pytest.mark.stage(4)
def test_memory_commands_and_tools() -> None:
    assert invoke(["remember", "--demo", "Deploys happen on Tuesdays"]).output == "remembered fact #1\n"
    assert invoke(["recall", "--demo", "tuesdays"]).output == "#1 [fts] Deploys happen on Tuesdays\n"
    listing = invoke(["tools"]).output
    assert '"name": "calculator"' in listing and '"name": "http_get"' not in listing
