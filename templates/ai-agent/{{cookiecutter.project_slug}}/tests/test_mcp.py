"""MCP tools over stdio, from a tiny server started by the test, through the same approval policy."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scripted import ScriptedModel, calls, plan_reply
from typer.testing import CliRunner

from {{ cookiecutter.package_name }}.cli import app
from {{ cookiecutter.package_name }}.errors import SettingsError, ToolError
from {{ cookiecutter.package_name }}.llm import Reply
from {{ cookiecutter.package_name }}.observe.trace import read_trace
from {{ cookiecutter.package_name }}.runtime import build_runtime, open_runtime, run_goal
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.tools import Tool
from {{ cookiecutter.package_name }}.tools.mcp import mcp_tools

pytest.importorskip("mcp", reason="the mcp extra is not installed")
SERVER = {"tiny": [sys.executable, str(Path(__file__).with_name("mcp_server.py"))]}
runner = CliRunner()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Tool]]:
    """The tiny server, started once for the module (starting one costs a Python start-up and the SDK import)."""
    with mcp_tools(SERVER, tmp_path_factory.mktemp("mcp")) as tools:
        yield tools


@pytest.mark.stage(1)
def test_tools_are_listed_and_called(tiny: list[Tool]) -> None:
    by_name = {t.name: t for t in tiny}
    assert set(by_name) == {"tiny__add", "tiny__shout", "tiny__broken"}
    add = by_name["tiny__add"]
    assert add.dangerous and add.untrusted_output and add.source == "mcp:tiny"
    assert add.schema()["function"]["parameters"]["required"] == ["a", "b"]
    assert add({"a": 2, "b": 3}) == "5"
    with pytest.raises(ToolError, match="invalid arguments.*b: Field required"):
        add({"a": 2})
    with pytest.raises(ToolError, match="MCP tool error: .*failed on purpose"):
        by_name["tiny__broken"]({})


@pytest.mark.stage(6)
def test_mcp_tools_go_through_the_approval_policy_and_the_frame(tmp_path: Path, tiny: list[Tool]) -> None:
    asked: list[str] = []

    def ask(name: str, arguments: dict) -> bool:
        asked.append(name)
        return True

    model = ScriptedModel(
        [plan_reply({"description": "add and shout", "tool": "tiny__add"})],
        [calls(("tiny__add", {"a": 20, "b": 22}), ("tiny__shout", {"text": "hi"})), Reply("42, HI")],
    )
    settings = Settings(home=tmp_path / "home", approval={"tiny__shout": "always"})
    runtime = build_runtime(settings, model, extra_tools=tiny)
    assert "tiny__add" in runtime.tools.names() and "calculator" in runtime.tools.names()
    result, trace = run_goal(runtime, "add and shout", confirm=ask)
    assert result.ok and asked == ["tiny__add"]  # `ask` by default; the policy said always for shout
    outputs = [e["output"] for e in read_trace(trace) if e["event"] == "tool_result"]
    assert outputs[0] == "42" and outputs[1].startswith("HI")
    shout = [m for m in model.seen[2] if m["role"] == "tool"][1]["content"]
    assert shout.count("</tool_output>") == 1  # the server's forged closing tag was defused

    never = settings.model_copy(update={"approval": {"tiny__add": "never"}})
    model = ScriptedModel([plan_reply({"description": "add"})], [calls(("tiny__add", {"a": 1, "b": 1}))])
    result, trace = run_goal(build_runtime(never, model, extra_tools=tiny), "add", confirm=ask)
    refusal = next(e for e in read_trace(trace) if e["event"] == "tool_result")
    assert refusal["refused"] and "approval policy (never)" in refusal["error"]


@pytest.mark.stage(1)
def test_configured_servers_are_started_and_stopped_with_the_runtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path / "home", mcp_servers=SERVER)
    with open_runtime(settings, ScriptedModel()) as runtime:
        assert {"tiny__add", "calculator"} <= set(runtime.tools.names())
        add = runtime.tools.get("tiny__add")
    with pytest.raises(ToolError, match="not running"):
        add({"a": 1, "b": 2})
    assert (settings.home_dir / "mcp-tiny.log").exists()


def test_a_server_that_cannot_start_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="did not start"), mcp_tools({"ghost": [str(tmp_path / "no-such-server")]}):
        pass
    monkeypatch.setenv("AGENT_MCP_SERVERS", json.dumps({"ghost": [str(tmp_path / "no-such-server")]}))
    result = runner.invoke(app, ["run", "--demo", "hi"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("error: MCP server 'ghost'")
