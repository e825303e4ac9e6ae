"""Shared fixtures: an isolated AGENT_HOME, the loopback fake Ollama, settings and a runtime."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_ollama import FakeOllama

from {{ cookiecutter.package_name }}.runtime import Runtime, build_model, build_runtime
from {{ cookiecutter.package_name }}.settings import Settings


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's configuration or writes outside tmp_path."""
    for name in list(os.environ):
        if name.startswith(("AGENT_", "OLLAMA_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AGENT_HOME", str(tmp_path / "home"))


@pytest.fixture
def ollama() -> Iterator[FakeOllama]:
    server = FakeOllama().start()
    yield server
    server.stop()


@pytest.fixture
def dead_host() -> str:
    """An address on loopback where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def settings(tmp_path: Path, ollama: FakeOllama) -> Settings:
    return Settings(
        ollama_host=ollama.url,
        home=tmp_path / "home",
        timeout=10,
        model="llama3.2",
        embed_model="nomic-embed-text",
    )


@pytest.fixture
def runtime(settings: Settings) -> Runtime:
    return build_runtime(settings, build_model(settings))
