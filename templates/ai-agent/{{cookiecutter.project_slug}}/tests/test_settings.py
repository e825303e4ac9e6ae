"""Settings come from the environment, validated, with documented defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.settings import Settings


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.ollama_host == "http://127.0.0.1:11434" and s.http_allow == []
    assert s.workspace_dir == Path(".agent/workspace") and s.memory_path == Path(".agent/memory.sqlite3")


def test_environment_overrides() -> None:
    s = Settings.from_env(
        {
            "OLLAMA_HOST": "0.0.0.0:11434",
            "AGENT_MODEL": "qwen2.5:7b",
            "AGENT_MAX_STEPS": "3",
            "AGENT_HOME": "/srv/a",
            "AGENT_WORKSPACE": "",
            "AGENT_HTTP_ALLOW": "example.com",
        }
    )
    assert s.ollama_host == "http://0.0.0.0:11434" and s.model == "qwen2.5:7b" and s.max_steps == 3
    assert s.workspace_dir == Path("/srv/a/workspace") and s.http_allow == ["example.com"]


def test_invalid_values_fail_loudly() -> None:
    with pytest.raises(ValidationError, match="max_tool_calls"):
        Settings.from_env({"AGENT_MAX_TOOL_CALLS": "0"})
