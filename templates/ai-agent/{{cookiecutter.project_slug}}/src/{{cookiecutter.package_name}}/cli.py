"""The `agent` command line: parse, call the library, render. Errors print one line and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .demo import LABEL as DEMO_LABEL
from .display import LiveDisplay, ask_approval, replay, safe, visible
from .errors import AgentError
from .loop.agent import RunResult
from .memory import LongTermMemory
from .observe.trace import read_trace
from .runtime import Runtime, build_model, build_runtime, check_model, open_runtime, run_goal
from .settings import MULTI_AGENT, Settings, validated
from .tools.approval import Confirm

app = typer.Typer(
    help="{{ cookiecutter.project_name }}: an autonomous agent that plans, uses tools and remembers.",
    no_args_is_help=True,
    add_completion=False,
)
memory_app = typer.Typer(help="List, approve and forget long-term memory facts.", no_args_is_help=True)
app.add_typer(memory_app, name="memory")

HomeOption = Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")]


def _settings(home: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment plus command-line overrides; a bad value is one line and exit 1."""
    try:
        settings = Settings.from_env()
        values = {k: v for k, v in overrides.items() if v is not None}
        if home is not None:
            values["home"] = home.expanduser().resolve()
        return validated(values, settings) if values else settings
    except AgentError as e:
        raise _fail(e) from None


def _fail(error: AgentError | str) -> typer.Exit:
    typer.echo(f"error: {' '.join(str(error).split())}", err=True)
    return typer.Exit(1)


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
            raise _fail(f"--approve expects TOOL=always|ask|never, got {item!r}")
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
    settings = _settings(
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
            raise _fail(e) from None
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
        raise _fail(e) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: the trace so far is in " + str(settings.traces_dir), err=True)
        raise typer.Exit(130) from None
    if quiet:
        typer.echo(visible(result.answer))  # model text: terminal control codes are shown, not obeyed
    else:
        console.print(f"[dim]trace: {safe(str(trace))}[/]")
    if result.status == "error":
        raise _fail(result.reason)
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


def _memory(home: Path | None, demo: bool) -> LongTermMemory:
    settings = _settings(home)
    try:
        return build_runtime(settings, build_model(settings, demo)).memory
    except AgentError as e:
        raise _fail(e) from None


@app.command()
def remember(
    fact: Annotated[str, typer.Argument(help="A fact to keep across runs.")],
    demo: Annotated[bool, typer.Option("--demo", help="Do not contact Ollama for an embedding.")] = False,
    home: HomeOption = None,
) -> None:
    """Store a fact in long-term memory (your own facts are active at once)."""
    try:
        fact_id = _memory(home, demo).add(fact, source="user", provenance="agent remember")
    except ValueError as e:
        raise _fail(str(e)) from None
    typer.echo(f"remembered fact #{fact_id}")


@app.command()
def recall(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    limit: Annotated[int, typer.Option(help="Most facts to show.")] = 5,
    demo: Annotated[bool, typer.Option("--demo", help="Keyword search only (no Ollama).")] = False,
    home: HomeOption = None,
) -> None:
    """Search long-term memory (embeddings when Ollama is up, else full-text search)."""
    hits = _memory(home, demo).search(query, limit=limit)
    for hit in hits:
        typer.echo(f"#{hit.id} [{hit.method}] {visible(hit.text)}")
    if not hits:
        typer.echo("no matching facts")


@memory_app.command("list")
def memory_list(
    pending: Annotated[bool, typer.Option("--pending", help="Only quarantined facts.")] = False,
    home: HomeOption = None,
) -> None:
    """Every fact with its status and provenance; quarantined facts wait for `agent memory approve`."""
    facts = _memory(home, True).facts("pending" if pending else None)
    console = Console()
    for f in facts:
        mark = "[yellow]pending[/]" if f.status == "pending" else "[green]active[/]"
        origin = f" [dim]({safe(f.source)}: {safe(f.provenance, 120)})[/]" if f.provenance else ""
        console.print(f"#{f.id} {mark} {safe(f.text)}{origin}")
    if not facts:
        typer.echo("no facts")


@memory_app.command("forget")
def memory_forget(fact_id: Annotated[int, typer.Argument(help="The fact's number.")], home: HomeOption = None) -> None:
    """Delete a fact."""
    if not _memory(home, True).forget(fact_id):
        raise _fail(f"no fact #{fact_id}")
    typer.echo(f"forgot fact #{fact_id}")


@memory_app.command("approve")
def memory_approve(fact_id: Annotated[int, typer.Argument(help="The fact's number.")], home: HomeOption = None) -> None:
    """Make a quarantined fact active: later runs will recall it."""
    if not _memory(home, True).approve(fact_id):
        raise _fail(f"no fact #{fact_id}")
    typer.echo(f"fact #{fact_id} is active")


@app.command()
def tools(home: HomeOption = None) -> None:
    """Show the tools and the JSON schemas the model receives."""
    settings = _settings(home)
    try:
        with open_runtime(settings, build_model(settings, demo=True)) as runtime:
            schemas = runtime.tools.schemas()
    except AgentError as e:
        raise _fail(e) from None
    for t in schemas:
        typer.echo(json.dumps(t, indent=2))


@app.command("eval")
def eval_cmd(
    demo: Annotated[bool, typer.Option("--demo", help=f"Evaluate the offline {DEMO_LABEL}.")] = False,
    task: Annotated[list[str] | None, typer.Option("--task", help="Run only this task; repeatable.")] = None,
    min_rate: Annotated[float, typer.Option(help="Exit 1 below this success rate (0-1).")] = 1.0,
{%- if cookiecutter.multi_agent == "yes" %}
    solo: Annotated[bool, typer.Option("--solo", help="One agent instead of the team.")] = False,
{%- endif %}
) -> None:
    """Run the evaluation tasks (files written, answers computed, tools refused) and print the success rate."""
    from .evals import TASKS, TaskResult, run_suite

    settings = _settings()
    chosen = [t for t in TASKS if not task or t.name in task]
    unknown = sorted(set(task or ()) - {t.name for t in TASKS})
    if unknown:
        raise _fail(f"unknown task {unknown[0]!r} (known: {', '.join(t.name for t in TASKS)})")
    try:
        check_model(build_model(settings, demo))
    except AgentError as e:
        raise _fail(e) from None
    console = Console()
{%- if cookiecutter.multi_agent == "yes" %}
    team = MULTI_AGENT and not solo
{%- else %}
    team = MULTI_AGENT
{%- endif %}

    def show(r: TaskResult) -> None:
        mark = "[green]pass[/]" if r.passed else "[red]FAIL[/]"
        why = f"  [dim]{safe(r.why)}[/]" if r.why else ""
        console.print(f"{mark} {r.name:<24} {r.steps:>2} steps {r.tokens:>6} tokens {r.seconds:>6.2f}s{why}")

    report = run_suite(settings, lambda: build_model(settings, demo), chosen, team=team, on_result=show)
    passed = sum(r.passed for r in report.results)
    console.print(
        f"success rate {report.rate:.0%} ({passed}/{len(report.results)}) · "
        f"{sum(r.steps for r in report.results)} steps · {report.tokens} tokens · {report.seconds:.1f}s"
    )
    if report.rate < min_rate:
        raise typer.Exit(1)


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
