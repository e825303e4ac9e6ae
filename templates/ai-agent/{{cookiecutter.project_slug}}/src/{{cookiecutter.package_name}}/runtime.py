"""Library entry points: build the model, memory and tools from settings, and run one goal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .agent import Agent, Confirm, RunResult
from .budget import Budget
from .demo import DemoModel
from .llm import ChatModel, OllamaModel, OnText
from .memory.long_term import LongTermMemory
from .settings import Settings
from .tools import ToolRegistry, Workspace, builtin_registry
from .trace import Emitter, Sink, TraceWriter, new_trace_path


def build_model(settings: Settings, demo: bool = False) -> ChatModel:
    """The offline demo model, or Ollama as configured (not contacted yet)."""
    if demo:
        return DemoModel()
    return OllamaModel(settings.ollama_host, settings.model, settings.embed_model, settings.timeout)


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


def build_runtime(settings: Settings, model: ChatModel) -> Runtime:
    settings.workspace_dir.mkdir(parents=True, exist_ok=True)
    memory = LongTermMemory(settings.memory_path, embedder=model.embed)
    workspace = Workspace(settings.workspace_dir)
    tools = builtin_registry(workspace, memory, settings.http_allow)
    return Runtime(settings, model, memory, workspace, tools)


def run_goal(
    runtime: Runtime,
    goal: str,
    *,
    sinks: Iterable[Sink] = (),
    confirm: Confirm | None = None,
    on_text: OnText | None = None,
    team: bool = False,
    clock: Callable[[], float] | None = None,
) -> tuple[RunResult, Path]:
    """Run `goal` to its end (or its budget); every event goes to a new JSONL trace. Returns (result, trace)."""
    s = runtime.settings
    trace_path = new_trace_path(s.traces_dir, goal)
    writer = TraceWriter(trace_path)
    budget = Budget(s.max_steps, s.max_tool_calls, s.max_seconds)
    if clock is not None:
        budget.clock = clock
    emitter = Emitter([writer, *sinks], agent="coordinator" if team else "agent")
    try:
        if team:
            from .team import Team  # only generated with the multi-agent option

            result = Team(runtime, budget, emitter, confirm=confirm, on_text=on_text).run(goal)
        else:
            agent = Agent(
                runtime.model,
                runtime.tools,
                budget=budget,
                emitter=emitter,
                memory=runtime.memory,
                confirm=confirm,
                max_replans=s.max_replans,
                memory_budget_chars=s.memory_budget_chars,
                on_text=on_text,
            )
            result = agent.run(goal)
    finally:
        writer.close()
    return result, trace_path
