"""`aieng check`: inside a generated project, run each stage's tests and record what passes."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .context import State
from .terminal import bold, style, width, wrap

if TYPE_CHECKING:
    from ..project_check import CheckReport
    from ..projects import ProjectFile

MARKS = {"passed": ("✓", "green"), "failed": ("✗", "red"), "timeout": ("✗", "red")}
POLL_S = 0.2
sleep = time.sleep  # the watch loop's pause; tests replace it to edit files and stop the loop


def check(
    ctx: typer.Context,
    stage: Annotated[int | None, typer.Option("--stage", "-s", min=1, metavar="N", help="Check only stage N.")] = None,
    explain: Annotated[
        int | None, typer.Option("--explain", min=1, metavar="N", help="Show stage N: what to build, why, hints.")
    ] = None,
    watch: Annotated[bool, typer.Option("--watch", "-w", help="Check again after every save (Ctrl+C stops).")] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=1, max=3600, metavar="SECONDS", help="Stop the stage tests after this long."),
    ] = 300,
    record: Annotated[
        bool | None,
        typer.Option("--record/--no-record", help="Add a project made elsewhere to your progress (asked if unset)."),
    ] = None,
) -> None:
    """Run this project's stage tests: which stages pass, and the first failure in plain words."""
    from ..projects import PROJECT_FILE, ProjectError, find_project, read_project_file, recorded_summary

    state: State = ctx.obj
    root = find_project(Path.cwd())
    if root is None:
        summary = recorded_summary(state.store.load())
        raise ProjectError(f"not inside a project made by `aieng new` (no {PROJECT_FILE} here or above); {summary}")
    project = read_project_file(root)
    if not project.stages:
        raise ProjectError(f"this {project.template} project has no stages to check")
    if explain is not None:
        from ..stages import stage_markdown

        typer.echo(stage_markdown(explain, project.stage(explain)), nl=False)
        return
    if stage is not None:
        project.stage(stage)
    if not watch:
        if not _check_once(state, root, project, stage, timeout, record):
            raise typer.Exit(1)
        return
    _watch(state, root, project, stage, timeout, record)


def _check_once(state: State, root: Path, project: ProjectFile, only: int | None, timeout: float, record) -> bool:
    from ..project_check import check_project

    mode = "guided" if project.guided else "complete"
    typer.echo(style(f"Checking {project.project_name or root.name} ({project.template}, {mode}) …", dim=True))
    report = check_project(root, project, only, timeout)
    try:
        _echo_report(report, project)
    finally:  # a reader that stops early (`aieng check | head`) must not cost the learner the record
        _record(state, root, project, report, record)
    return not report.problem and all(s.ok for s in report.stages)


def _echo_report(report: CheckReport, project: ProjectFile) -> None:
    for result in report.stages:
        mark, colour = MARKS.get(result.outcome, ("·", "yellow"))
        typer.echo(f"{style(mark, fg=colour)} stage {result.number}  {bold(result.title)}")
        for line in wrap(result.headline, width(), indent="    "):
            typer.echo(line)
        for name in result.edited:
            typer.echo(
                style(f"    {name} changed since the project was generated: this result is not recorded", fg="yellow")
            )
    if report.problem:
        for line in wrap(report.problem, width()):
            typer.echo(style(line, fg="red"))
    elif report.edited and not any(s.edited for s in report.stages):
        typer.echo(style(f"changed since generation: {', '.join(report.edited)}", fg="yellow"))
    passed = [s.number for s in report.stages if s.ok]
    if len(report.stages) > 1:
        nxt = next((s.number for s in report.stages if not s.ok), None)
        line = f"{len(passed)} of {len(report.stages)} stages pass."
        if nxt is not None:
            line += f" Next: stage {nxt} — aieng check --explain {nxt}"
        typer.echo(bold(line))


def _record(state: State, root: Path, project: ProjectFile, report: CheckReport, record: bool | None) -> None:
    from ..errors import ProgressError
    from ..projects import record_results, recorded

    try:
        known = recorded(state.store.load(), root) is not None
        if not known and record is None and _interactive():
            record = typer.confirm("This project is not in your progress yet. Record it?", default=True)
        if not known and not record:
            typer.echo(
                style("Not recorded: this project is not in your progress (aieng check --record adds it).", dim=True)
            )
            return
        passed = report.passed()
        state.store.mutate(lambda p: record_results(p, root, project, passed, add=True))
    except ProgressError as exc:  # the check itself happened; say why it is not saved
        typer.echo(f"aieng: warning: results not recorded: {exc}", err=True)
        return
    if passed:
        typer.echo(
            style(f"Recorded: stage{'s' if len(passed) > 1 else ''} {', '.join(map(str, passed))} passed.", dim=True)
        )


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _watch(state: State, root: Path, project: ProjectFile, only: int | None, timeout: float, record) -> None:
    from ..practice_watch import Watcher
    from ..projects import project_snapshot

    watcher = Watcher(root, scan=project_snapshot)
    try:
        while True:
            _check_once(state, root, project, only, timeout, record)
            record = False if record is None else record  # asked once at most
            watcher.reset()
            typer.echo(style("Watching for saves (Ctrl+C stops) …", dim=True))
            while not watcher.changed():
                sleep(POLL_S)
            typer.echo()
    except KeyboardInterrupt:
        typer.echo("\nStopped watching.")
