"""Optional OpenTelemetry export: runs, model calls and tool calls become spans (GenAI semantic conventions).

Turned on with AGENT_OTEL=1 and `pip install -e ".[otel]"`. Spans go to the tracer provider the
application configured; without one, to OTLP when `opentelemetry-exporter-otlp` is installed
(OTEL_EXPORTER_OTLP_ENDPOINT), else as JSON lines to <home>/traces/otel-spans.jsonl.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..errors import SettingsError
from .trace import Event, Sink

SYSTEM = "ollama"


def _tracer(spans_file: Path | None) -> Any:
    try:
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor
    except ImportError:
        raise SettingsError('AGENT_OTEL=1 needs the OpenTelemetry SDK: pip install -e ".[otel]"') from None
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):  # nothing configured by the application: set up our own
        provider = TracerProvider()
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.trace.export import BatchSpanProcessor

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        except ImportError:
            if spans_file is not None:
                spans_file.parent.mkdir(parents=True, exist_ok=True)
                out = spans_file.open("a", encoding="utf-8")
                provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter(out=out)))
    return provider.get_tracer("{{ cookiecutter.package_name }}")


def otel_sink(tracer: Any = None, spans_file: Path | None = None) -> Sink:
    """A trace sink that turns events into spans; `tracer` can be given (tests pass an in-memory one)."""
    tracer = tracer if tracer is not None else _tracer(spans_file)
    runs: dict[str, Any] = {}

    def sink(event: Event) -> None:
        kind, agent = event.get("event"), str(event.get("agent", "agent"))
        now = time.time_ns()
        if kind == "run_start":
            runs[agent] = tracer.start_span(
                f"invoke_agent {agent}",
                attributes={"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent},
            )
        elif kind == "model_call":
            latency = int(event.get("latency_ms", 0)) * 1_000_000
            model = str(event.get("model", ""))
            span = tracer.start_span(
                f"chat {model}",
                start_time=now - latency,
                attributes={
                    "gen_ai.operation.name": "chat",
                    "gen_ai.system": SYSTEM,
                    "gen_ai.request.model": model,
                    "gen_ai.usage.input_tokens": int(event.get("prompt_tokens", 0)),
                    "gen_ai.usage.output_tokens": int(event.get("completion_tokens", 0)),
                    "gen_ai.agent.name": agent,
                    "agent.prompt_hash": str(event.get("prompt_hash", "")),
                },
            )
            span.end(end_time=now)
        elif kind == "tool_result":
            latency = int(event.get("latency_ms", 0)) * 1_000_000
            attributes = {
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": str(event.get("name", "")),
                "gen_ai.agent.name": agent,
            }
            if not event.get("ok"):
                attributes["error.type"] = "refused" if event.get("refused") else "tool_error"
            span = tracer.start_span(
                f"execute_tool {event.get('name')}", start_time=now - latency, attributes=attributes
            )
            span.end(end_time=now)
        elif kind == "run_end" and agent in runs:
            span = runs.pop(agent)
            span.set_attribute("agent.status", str(event.get("status", "")))
            usage = event.get("usage") if isinstance(event.get("usage"), dict) else {}
            span.set_attribute("gen_ai.usage.total_tokens", int((usage or {}).get("tokens", 0)))
            span.end(end_time=now)

    return sink
