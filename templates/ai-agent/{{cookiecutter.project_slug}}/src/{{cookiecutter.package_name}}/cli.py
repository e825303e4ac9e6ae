"""The `agent` command line: parse, call the library, render. Errors print one line and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.prompt import Confirm as ConfirmPrompt

from .agent import Confirm
from .demo import LABEL as DEMO_LABEL
from .display import LiveDisplay, replay
from .errors import AgentError
from .runtime import build_model, build_runtime, check_model, run_goal
from .settings import MULTI_AGENT, Settings
from .trace import read_trace

app = typer.Typer(
    help="{{ cookiecutter.project_name }}: an autonomous agent that plans, uses tools and remembers.",
    no_args_is_help=True,
    add_completion=False,
)


def _settings(home: Path | None = None, **overrides: Any) -> Settings:
    settings = Settings.from_env()
    values = {k: v for k, v in overrides.items() if v is not None}
    if home is not None:
        values["home"] = home
    return settings.model_copy(update=values) if values else settings


def _fail(error: AgentError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(1)


def _confirmer(yes: bool, display: LiveDisplay | None) -> Confirm | None:
    if yes:
        return lambda name, arguments: True
    if not sys.stdin.isatty():
        return None  # nobody to ask: dangerous tools are refused, with a hint about --yes

    def ask(name: str, arguments: dict[str, Any]) -> bool:
        question = f"Allow [bold]{name}[/]({json.dumps(arguments, ensure_ascii=False)[:300]})?"
        if display is None:
            return ConfirmPrompt.ask(question, default=False)
        with display.paused():
            return ConfirmPrompt.ask(question, default=False)

    return ask


@app.command()
def run(
    goal: Annotated[str, typer.Argument(help="What the agent should achieve.")],
    demo: Annotated[bool, typer.Option("--demo", help=f"Use the offline {DEMO_LABEL}.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Allow dangerous tools (file writes, HTTP) without asking.")
    ] = False,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Ollama chat model (AGENT_MODEL).")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Step budget (AGENT_MAX_STEPS).")] = None,
    max_tool_calls: Annotated[int | None, typer.Option(help="Tool-call budget (AGENT_MAX_TOOL_CALLS).")] = None,
    max_seconds: Annotated[float | None, typer.Option(help="Wall-time budget in seconds (AGENT_MAX_SECONDS).")] = None,
    allow_http: Annotated[
        list[str] | None, typer.Option("--allow-http", help="Host http_get may fetch; repeatable.")
    ] = None,
    home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the answer.")] = False,
{%- if cookiecutter.multi_agent == "yes" %}
    solo: Annotated[
        bool, typer.Option("--solo", help="One agent instead of the coordinator and its specialists.")
    ] = False,
{%- endif %}
) -> None:
    """Plan and run GOAL with tools, showing each step live; the trace is saved as JSONL."""
    settings = _settings(home, model=model, max_steps=max_steps, max_tool_calls=max_tool_calls, max_seconds=max_seconds)
    if allow_http:
        settings = settings.model_copy(update={"http_allow": [h.lower() for h in allow_http]})
{%- if cookiecutter.multi_agent == "yes" %}
    team = MULTI_AGENT and not solo
{%- else %}
    team = MULTI_AGENT
{%- endif %}
    console = Console()
    try:
        llm = build_model(settings, demo)
        check_model(llm)
        runtime = build_runtime(settings, llm)
    except AgentError as e:
        raise _fail(e) from None
    if demo and not quiet:
        console.print(f"[yellow]Offline mode: {DEMO_LABEL}. Start Ollama and drop --demo for real reasoning.[/]")
    try:
        if quiet:
            result, trace = run_goal(runtime, goal, confirm=_confirmer(yes, None), team=team)
        else:
            with LiveDisplay(console, team=team) as display:
                result, trace = run_goal(
                    runtime,
                    goal,
                    sinks=[display],
                    confirm=_confirmer(yes, display),
                    on_text=display.on_text,
                    team=team,
                )
    except AgentError as e:
        raise _fail(e) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: the trace so far is in " + str(runtime.settings.traces_dir), err=True)
        raise typer.Exit(130) from None
    if quiet:
        typer.echo(result.answer)
    else:
        console.print(f"[dim]trace: {trace}[/]")
    if not result.ok:
        raise typer.Exit(1)


@app.command("replay")
def replay_cmd(
    trace: Annotated[str, typer.Argument(help="A JSONL trace file, or 'last' for the newest one.")],
    home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME), used with 'last'.")] = None,
) -> None:
    """Print a recorded run step by step, as it looked live."""
    path = Path(trace)
    if trace == "last":
        traces = sorted(_settings(home).traces_dir.glob("*.jsonl"))
        if not traces:
            typer.echo("error: no traces yet: run `agent run GOAL` first", err=True)
            raise typer.Exit(1)
        path = traces[-1]
    try:
        events = read_trace(path)
    except AgentError as e:
        raise _fail(e) from None
    replay(events, Console())


@app.command()
def remember(
    fact: Annotated[str, typer.Argument(help="A fact to keep across runs.")],
    demo: Annotated[bool, typer.Option("--demo", help="Do not contact Ollama for an embedding.")] = False,
    home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")] = None,
) -> None:
    """Store a fact in long-term memory."""
    runtime = build_runtime(_settings(home), build_model(_settings(home), demo))
    fact_id = runtime.memory.add(fact, source="user")
    typer.echo(f"remembered fact #{fact_id}")


@app.command()
def recall(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    limit: Annotated[int, typer.Option(help="Most facts to show.")] = 5,
    demo: Annotated[bool, typer.Option("--demo", help="Keyword search only (no Ollama).")] = False,
    home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")] = None,
) -> None:
    """Search long-term memory (embeddings when Ollama is up, else full-text search)."""
    runtime = build_runtime(_settings(home), build_model(_settings(home), demo))
    hits = runtime.memory.search(query, limit=limit)
    for hit in hits:
        typer.echo(f"#{hit.id} [{hit.method}] {hit.text}")
    if not hits:
        typer.echo("no matching facts")


@app.command()
def tools(home: Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")] = None) -> None:
    """Show the tools and the JSON schemas the model receives."""
    settings = _settings(home)
    runtime = build_runtime(settings, build_model(settings, demo=True))
    for t in runtime.tools.schemas():
        typer.echo(json.dumps(t, indent=2))


@app.command()
def doctor() -> None:
    """Check that Ollama is reachable and has the configured model."""
    settings = _settings()
    try:
        llm = build_model(settings)
        check_model(llm)
    except AgentError as e:
        raise _fail(e) from None
    typer.echo(f"ok: Ollama at {settings.ollama_host} has {settings.model}")


def main() -> None:
    app()


__all__ = ["app", "main"]
