"""`agent eval`: the evaluation tasks against the configured (or the scripted) model."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ..demo import LABEL as DEMO_LABEL
from ..display import safe
from ..errors import AgentError
from ..runtime import build_model, check_model
from ..settings import MULTI_AGENT
from .common import fail, settings_from


def eval_cmd(
    demo: Annotated[bool, typer.Option("--demo", help=f"Evaluate the offline {DEMO_LABEL}.")] = False,
    task: Annotated[list[str] | None, typer.Option("--task", help="Run only this task; repeatable.")] = None,
    min_rate: Annotated[float, typer.Option(help="Exit 1 below this success rate (0-1).")] = 1.0,
{%- if cookiecutter.multi_agent == "yes" %}
    solo: Annotated[bool, typer.Option("--solo", help="One agent instead of the team.")] = False,
{%- endif %}
) -> None:
    """Run the evaluation tasks (files written, answers computed, tools refused) and print the success rate."""
    from ..evals import TASKS, TaskResult, run_suite

    settings = settings_from()
    chosen = [t for t in TASKS if not task or t.name in task]
    unknown = sorted(set(task or ()) - {t.name for t in TASKS})
    if unknown:
        raise fail(f"unknown task {unknown[0]!r} (known: {', '.join(t.name for t in TASKS)})")
    try:
        check_model(build_model(settings, demo))
    except AgentError as e:
        raise fail(e) from None
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
