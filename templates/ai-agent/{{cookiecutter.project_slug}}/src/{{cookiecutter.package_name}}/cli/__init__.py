"""The `agent` command line: parse, call the library, render. Errors print one line and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ..demo import LABEL as DEMO_LABEL
from ..display import LiveDisplay, ask_approval, replay, safe, visible
from ..errors import AgentError
from ..loop.agent import RunResult
from ..observe.trace import read_trace
from ..runtime import Runtime, build_model, check_model, open_runtime, run_goal
from ..settings import MULTI_AGENT, validated
from ..tools.approval import Confirm
from .common import HomeOption, fail, settings_from
from .evaluate import eval_cmd
from .memory import memory_app, recall, remember

app = typer.Typer(
    help="{{ cookiecutter.project_name }}: an autonomous agent that plans, uses tools and remembers.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(memory_app, name="memory")
app.command()(remember)
app.command()(recall)
app.command("eval")(eval_cmd)


def _confirmer(display: LiveDisplay | None, console: Console) -> Confirm | None:
    if not sys.stdin.isatty():
        return None  # nobody to ask: tools whose policy is `ask` are refused, with a hint

    def ask(name: str, arguments: dict[str, Any]) -> bool:
        if display is None:
            return ask_approval(console, name, arguments)
        with display.paused():
            return ask_approval(console, name, arguments)

    return ask


def _policies(approve: list[str] | None) -> dict[str, str]:
    policies: dict[str, str] = {}
    for item in approve or []:
        name, sep, policy = item.partition("=")
        if not sep or policy not in ("always", "ask", "never"):
            raise fail(f"--approve expects TOOL=always|ask|never, got {item!r}")
        policies[name.strip()] = policy
    return policies


@app.command()
def run(
    goal: Annotated[str, typer.Argument(help="What the agent should achieve.")],
    demo: Annotated[bool, typer.Option("--demo", help=f"Use the offline {DEMO_LABEL}.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Answer yes for tools whose policy is `ask` (never overrides `never`).")
    ] = False,
    approve: Annotated[
        list[str] | None, typer.Option("--approve", help="Per-tool policy TOOL=always|ask|never (`*` for all).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Ollama chat model (AGENT_MODEL).")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Step budget (AGENT_MAX_STEPS).")] = None,
    max_tool_calls: Annotated[int | None, typer.Option(help="Tool-call budget (AGENT_MAX_TOOL_CALLS).")] = None,
    max_seconds: Annotated[float | None, typer.Option(help="Wall-time budget in seconds (AGENT_MAX_SECONDS).")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Token budget, 0 = none (AGENT_MAX_TOKENS).")] = None,
    allow_http: Annotated[
        list[str] | None, typer.Option("--allow-http", help="Host (or host:port) http_get may fetch; repeatable.")
    ] = None,
    home: HomeOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the answer.")] = False,
{%- if cookiecutter.multi_agent == "yes" %}
    solo: Annotated[
        bool, typer.Option("--solo", help="One agent instead of the coordinator and its specialists.")
    ] = False,
{%- endif %}
) -> None:
    """Plan and run GOAL with tools, showing each step live; the trace is saved as JSONL."""
    settings = settings_from(
        home,
        model=model,
        max_steps=max_steps,
        max_tool_calls=max_tool_calls,
        max_seconds=max_seconds,
        max_tokens=max_tokens,
    )
    extra: dict[str, Any] = {}
    if allow_http:
        extra["http_allow"] = [h.lower() for h in allow_http]
    if approve:
        extra["approval"] = {**settings.approval, **_policies(approve)}
    if extra:
        try:
            settings = validated(extra, settings)
        except AgentError as e:
            raise fail(e) from None
{%- if cookiecutter.multi_agent == "yes" %}
    team = MULTI_AGENT and not solo
{%- else %}
    team = MULTI_AGENT
{%- endif %}
    console = Console()
    try:
        llm = build_model(settings, demo)
        check_model(llm)
        with open_runtime(settings, llm) as runtime:
            if demo and not quiet:
                console.print(f"[yellow]Offline mode: {DEMO_LABEL}. Start Ollama, drop --demo for real reasoning.[/]")
            result, trace = _run(runtime, goal, console, yes=yes, team=team, quiet=quiet)
    except AgentError as e:
        raise fail(e) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: the trace so far is in " + str(settings.traces_dir), err=True)
        raise typer.Exit(130) from None
    if quiet:
        typer.echo(visible(result.answer))  # model text: terminal control codes are shown, not obeyed
    else:
        console.print(f"[dim]trace: {safe(str(trace))}[/]")
    if result.status == "error":
        raise fail(result.reason)
    if not result.ok:
        raise typer.Exit(1)


def _run(
    runtime: Runtime, goal: str, console: Console, *, yes: bool, team: bool, quiet: bool
) -> tuple[RunResult, Path]:
    if quiet:
        return run_goal(runtime, goal, confirm=_confirmer(None, console), yes=yes, team=team)
    with LiveDisplay(console, team=team) as display:
        return run_goal(
            runtime,
            goal,
            sinks=[display],
            confirm=_confirmer(display, console),
            yes=yes,
            on_text=display.on_text,
            team=team,
        )


@app.command("replay")
def replay_cmd(
    trace: Annotated[str, typer.Argument(help="A JSONL trace file, or 'last' for the newest one.")],
    home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME), used with 'last'.")] = None,
) -> None:
    """Print a recorded run step by step, as it looked live."""
    path = Path(trace)
    if trace == "last":
        traces = sorted(settings_from(home).traces_dir.glob("*.jsonl"))
        if not traces:
            typer.echo("error: no traces yet: run `agent run GOAL` first", err=True)
            raise typer.Exit(1)
        path = traces[-1]
    try:
        events = read_trace(path)
    except AgentError as e:
        raise fail(e) from None
    replay(events, Console())


@app.command()
def tools(home: HomeOption = None) -> None:
    """Show the tools and the JSON schemas the model receives."""
    settings = settings_from(home)
    try:
        with open_runtime(settings, build_model(settings, demo=True)) as runtime:
            schemas = runtime.tools.schemas()
    except AgentError as e:
        raise fail(e) from None
    for t in schemas:
        typer.echo(json.dumps(t, indent=2))


@app.command()
def doctor() -> None:
    """Check that Ollama is reachable and has the configured model."""
    settings = settings_from()
    try:
        llm = build_model(settings)
        check_model(llm)
    except AgentError as e:
        raise fail(e) from None
    typer.echo(f"ok: Ollama at {settings.ollama_host} has {settings.model}")


def main() -> None:
    app()


__all__ = ["app", "main"]
