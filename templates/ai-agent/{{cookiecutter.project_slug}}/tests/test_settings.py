"""Settings come from the environment, validated, with documented defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.errors import SettingsError
from {{ cookiecutter.package_name }}.settings import Settings, project_root


def test_defaults_are_anchored_to_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings.from_env({})
    assert s.ollama_host == "http://127.0.0.1:11434" and s.http_allow == []
    root = project_root()
    monkeypatch.chdir(tmp_path)  # another folder: the data still lives in the project
    assert s.home_dir == root / ".agent" and s.home_dir.is_absolute()
    assert s.workspace_dir == root / ".agent" / "workspace" and s.memory_path == root / ".agent" / "memory.sqlite3"


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


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AGENT_MAX_STEPS": "abc"}, "AGENT_MAX_STEPS: Input should be a valid integer"),
        ({"AGENT_MAX_TOOL_CALLS": "0"}, "AGENT_MAX_TOOL_CALLS: Input should be greater than or equal to 1"),
        ({"AGENT_TIMEOUT": "-1"}, "AGENT_TIMEOUT: Input should be greater than 0"),
        ({"AGENT_APPROVAL": "write_file=maybe"}, "AGENT_APPROVAL: Input should be 'always', 'ask' or 'never'"),
        ({"AGENT_APPROVAL": "write_file"}, "AGENT_APPROVAL: expected tool=always|ask|never"),
        ({"AGENT_MCP_SERVERS": "{oops"}, "AGENT_MCP_SERVERS: not valid JSON"),
        ({"AGENT_HTTP_ALLOW_PRIVATE": "perhaps"}, "AGENT_HTTP_ALLOW_PRIVATE: Input should be a valid boolean"),
    ],
)
def test_invalid_values_are_one_line_naming_the_variable(env: dict, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_approval_policies_from_the_environment() -> None:
    s = Settings.from_env({"AGENT_APPROVAL": "write_file=always, http_get=never, *=ask"})
    assert s.approval == {"write_file": "always", "http_get": "never", "*": "ask"}
