"""Hermetic tests: every test gets its own AIENG_HOME and HOME, and never the user's roadmap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from .fake_ollama import fake_ollama  # noqa: F401  (fixture: a loopback Ollama)

# Property tests explore with a fixed seed: a run in CI is the run you can repeat here. Set
# HYPOTHESIS_PROFILE=explore to search with fresh random inputs instead.
settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# A run started in the background by a script (`cmd &`, no job control) inherits SIGINT ignored,
# and so would every program the tests start: the ctrl+c tests need it delivered. A handler (not
# SIG_IGN) is reset to the default in each child, where Python then raises KeyboardInterrupt.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

FIXTURES = Path(__file__).parent / "fixtures"
MINI_ROADMAP = FIXTURES / "mini.yaml"


@pytest.fixture(autouse=True)
def aieng_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "aieng-home"
    monkeypatch.setenv("AIENG_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.delenv("AIENG_ROADMAP", raising=False)
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    monkeypatch.setenv("COLUMNS", "160")  # rich wraps at the terminal width; keep lines whole
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke `aieng ARGS...` in-process; returns the click Result."""
    from aieng_cli.cli import app

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def mini(monkeypatch) -> Path:
    """Use the small fixture roadmap instead of the shipped one."""
    monkeypatch.setenv("AIENG_ROADMAP", str(MINI_ROADMAP))
    return MINI_ROADMAP


def run_aieng(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run aieng in a real child process (for exit codes, stderr and import checks)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "aieng_cli", *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120
    )
