"""Library entry points: build the model, memory and tools from settings, and run one goal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .demo import DemoModel
from .llm import ChatModel, OllamaModel, OnText
from .loop.agent import Agent, LoopConfig, RunResult
from .loop.budget import Budget
from .memory.long_term import LongTermMemory
from .observe.trace import Emitter, Sink, TraceWriter, new_trace_path
from .settings import Settings
from .tools import ToolRegistry, Workspace, builtin_registry
from .tools.approval import Approval, Confirm
from .tools.runner import Provenance, ToolRunner


def build_model(settings: Settings, demo: bool = False) -> ChatModel:
    """The offline demo model, or Ollama as configured (not contacted yet)."""
    if demo:
        return DemoModel()
    return OllamaModel(
        settings.ollama_host, settings.model, settings.embed_model, settings.timeout, max_context=settings.max_context
    )


def check_model(model: ChatModel) -> None:
    """Fail fast, in one line, when Ollama is down or lacks the model (no-op for the demo)."""
    if isinstance(model, OllamaModel):
        model.check()


@dataclass
class Runtime:
    """What a run needs, built once from settings."""

    settings: Settings
    model: ChatModel
    memory: LongTermMemory
    workspace: Workspace
    tools: ToolRegistry
    provenance: Provenance = field(default_factory=Provenance)


def build_runtime(settings: Settings, model: ChatModel, extra_tools: Iterable[object] = ()) -> Runtime:
    """Model, memory, workspace and tools (built-ins, then `extra_tools` such as MCP ones)."""
    settings.workspace_dir.mkdir(parents=True, exist_ok=True)
    memory = LongTermMemory(settings.memory_path, embedder=model.embed, min_score=settings.memory_min_score)
    workspace = Workspace(settings.workspace_dir)
    provenance = Provenance()
    tools = builtin_registry(
        workspace, memory, settings.http_allow, provenance=provenance, allow_private=settings.http_allow_private
    )
    for t in extra_tools:
        tools.register(t)  # type: ignore[arg-type]
    return Runtime(settings, model, memory, workspace, tools, provenance)


@contextmanager
def open_runtime(settings: Settings, model: ChatModel) -> Iterator[Runtime]:
    """`build_runtime` plus the tools of the MCP servers in settings, which are stopped on exit."""
    if not settings.mcp_servers:
        yield build_runtime(settings, model)
        return
    from .tools.mcp import mcp_tools

    settings.home_dir.mkdir(parents=True, exist_ok=True)
    with mcp_tools(settings.mcp_servers, settings.home_dir) as extra:
        yield build_runtime(settings, model, extra)


def loop_config(settings: Settings) -> LoopConfig:
    return LoopConfig(
        max_replans=settings.max_replans,
        max_retries=settings.max_retries,
        max_context=settings.max_context,
        memory_budget_chars=settings.memory_budget_chars,
    )


def tool_runner(
    runtime: Runtime, registry: ToolRegistry, budget: Budget, events: Emitter, approval: Approval
) -> ToolRunner:
    s = runtime.settings
    return ToolRunner(
        registry,
        budget,
        events,
        approval,
        timeout=s.tool_timeout,
        concurrency=s.tool_concurrency,
        provenance=runtime.provenance,
    )


def run_goal(
    runtime: Runtime,
    goal: str,
    *,
    sinks: Iterable[Sink] = (),
    confirm: Confirm | None = None,
    yes: bool = False,
    on_text: OnText | None = None,
    team: bool = False,
    clock: Callable[[], float] | None = None,
) -> tuple[RunResult, Path]:
    """Run `goal` to its end (or its budget); every event goes to a new JSONL trace. Returns (result, trace)."""
    s = runtime.settings
    trace_path = new_trace_path(s.traces_dir, goal)
    writer = TraceWriter(trace_path)
    budget = Budget(s.max_steps, s.max_tool_calls, s.max_seconds, s.max_tokens)
    if clock is not None:
        budget.clock = clock
    all_sinks: list[Sink] = [writer, *sinks]
    if s.otel:
        from .observe.otel import otel_sink  # optional: only when the OpenTelemetry SDK is installed

        all_sinks.append(otel_sink(spans_file=s.traces_dir / "otel-spans.jsonl"))
    emitter = Emitter(all_sinks, agent="coordinator" if team else "agent")
    approval = Approval(s.approval, confirm, yes)
    runtime.provenance.sources.clear()  # taint is per run
    try:
{%- if cookiecutter.multi_agent == "yes" %}
        if team:
            from .team import Team

            return Team(runtime, budget, emitter, approval, on_text=on_text).run(goal), trace_path
{%- endif %}
        agent = Agent(
            runtime.model,
            tool_runner(runtime, runtime.tools, budget, emitter, approval),
            budget=budget,
            emitter=emitter,
            config=loop_config(s),
            memory=runtime.memory,
            exists=runtime.workspace.exists,
            on_text=on_text,
        )
        return agent.run(goal), trace_path
    finally:
        writer.close()
