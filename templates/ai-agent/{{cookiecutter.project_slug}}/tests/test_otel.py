"""Optional OpenTelemetry export: model and tool calls become spans with GenAI attributes."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted import ScriptedModel, calls, plan_reply

from {{ cookiecutter.package_name }}.llm import Reply
from {{ cookiecutter.package_name }}.observe.otel import otel_sink
from {{ cookiecutter.package_name }}.runtime import build_runtime, run_goal
from {{ cookiecutter.package_name }}.settings import Settings

sdk = pytest.importorskip("opentelemetry.sdk.trace", reason="the otel extra is not installed")
export = pytest.importorskip("opentelemetry.sdk.trace.export")
memory_export = pytest.importorskip("opentelemetry.sdk.trace.export.in_memory_span_exporter")


@pytest.mark.stage(5)
def test_runs_model_calls_and_tool_calls_become_spans(tmp_path: Path) -> None:
    exporter = memory_export.InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    model = ScriptedModel(
        [plan_reply({"description": "compute", "tool": "calculator"})],
        [calls(("calculator", {"expression": "6*7"})), Reply("42")],
    )
    runtime = build_runtime(Settings(home=tmp_path / "home"), model)
    run_goal(runtime, "6*7", sinks=[otel_sink(provider.get_tracer("test"))])
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert set(spans) == {"invoke_agent agent", "chat scripted", "execute_tool calculator"}
    chat = spans["chat scripted"].attributes
    assert chat["gen_ai.operation.name"] == "chat" and chat["gen_ai.usage.input_tokens"] == 10
    assert chat["gen_ai.usage.output_tokens"] == 5 and len(chat["agent.prompt_hash"]) == 16
    assert spans["execute_tool calculator"].attributes["gen_ai.tool.name"] == "calculator"
    assert spans["invoke_agent agent"].attributes["agent.status"] == "done"


@pytest.mark.stage(5)
def test_agent_otel_writes_spans_without_a_configured_provider(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", otel=True)
    runtime = build_runtime(settings, ScriptedModel())
    result, _ = run_goal(runtime, "anything")
    assert result.ok
    spans = (settings.traces_dir / "otel-spans.jsonl").read_text()
    assert '"name": "invoke_agent agent"' in spans and "gen_ai.operation.name" in spans
