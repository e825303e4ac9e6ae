"""http_get exists only with an allow-list and fetches nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_ollama import FakeOllama

from {{ cookiecutter.package_name }}.errors import ToolError
from {{ cookiecutter.package_name }}.memory import LongTermMemory
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.tools import Workspace, builtin_registry
from {{ cookiecutter.package_name }}.tools.http import http_tools


def test_off_by_default(tmp_path: Path) -> None:
    registry = builtin_registry(Workspace(tmp_path), LongTermMemory(tmp_path / "m.db"), Settings().http_allow)
    assert registry.names() == [
        "calculator",
        "read_file",
        "write_file",
        "list_files",
        "remember",
        "search_memory",
    ]


def test_allow_list_from_environment() -> None:
    assert Settings.from_env({"AGENT_HTTP_ALLOW": "Example.com, docs.python.org"}).http_allow == [
        "example.com",
        "docs.python.org",
    ]


def test_fetches_allowed_hosts_only(ollama: FakeOllama) -> None:
    (http_get,) = http_tools(["127.0.0.1"])
    assert http_get.dangerous
    assert http_get({"url": f"{ollama.url}/api/version"}) == 'HTTP 200\n{"version": "0.12.0"}'
    for url in ("http://localhost:1/", "https://example.com/", "file:///etc/passwd", "ftp://127.0.0.1/x"):
        with pytest.raises(ToolError):
            http_get({"url": url})
