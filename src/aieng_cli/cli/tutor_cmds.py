"""`aieng quiz` and `aieng doctor`: the tutor in the plain terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from .context import State
from .learn import complete_topic


def quiz(
    ctx: typer.Context,
    topic_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            autocompletion=complete_topic,
            help="Quiz one topic; default: due topics, then ones you are learning or have done.",
        ),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many questions (1-200).")] = 5,
    offline: Annotated[bool, typer.Option("--offline", help="Use the question bank only; no LLM.")] = False,
    new: Annotated[bool, typer.Option("--new", help="Also take topics you have not studied yet.")] = False,
) -> None:
    """Answer questions in your own words; graded by your local Ollama model (or the bank offline)."""
    from rich.markup import escape

    from ..settings import load_settings
    from ..today import local_zone
    from ..tutor.session import start_session
    from . import render
    from .quiz_view import run_quiz

    state: State = ctx.obj
    out = render.console()
    settings = load_settings()

    def factory():
        from ..tutor.llm import ollama_tutor  # imports ollama only when the model is wanted

        return ollama_tutor(settings.host, settings.model, settings.timeout, settings.health_timeout)

    with out.status("Checking your local model…", spinner="dots"):
        zone = local_zone(settings.timezone or None)
        session = start_session(
            state.roadmap, state.store, topic_id, count, offline, factory, include_new=new, zone=zone
        )
    if session.offline_reason:
        out.print(f"[yellow]Offline: {escape(session.offline_reason)}. Using the question bank.[/yellow]")
    else:
        model = escape(session.tutor.model)  # type: ignore[union-attr]
        out.print(f"[green]Online: {model} at {escape(settings.host)}[/green]")
    try:
        run_quiz(out, session)
    except KeyboardInterrupt:
        out.print()
    for note in session.ran_out_notes():
        out.print(f"[dim]{escape(note)}[/dim]")
    out.print(f"{session.graded} answer(s) graded and saved. See [bold]aieng status[/bold].")


def doctor(
    ctx: typer.Context,
    grading: Annotated[
        bool,
        typer.Option("--grading", help="Also grade 10 expert-scored answers with your model: is it fit to grade?"),
    ] = False,
) -> None:
    """Check Ollama, the model, the progress file, the roadmap and the templates."""
    from ..doctor import run_checks
    from ..settings import load_settings

    state: State = ctx.obj
    settings = load_settings()
    checks = run_checks(state.roadmap_path, state.store, settings)
    for check in checks:
        _print_check(check.level, check.name, check.detail, check.fix)
    failed = any(c.level == "fail" for c in checks)
    if grading:
        failed = not _grading_fitness(settings) or failed
    if failed:
        raise typer.Exit(1)


CHECK_MARKS = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "red")}


def _print_check(level: str, name: str, detail: str, fix: str | None) -> None:
    """Plain text (Rich would add ~50 ms to every doctor run), wrapped to the terminal."""
    from .terminal import bold, style, width, wrap

    symbol, colour = CHECK_MARKS[level]
    columns = width()
    first, *rest = wrap(f"{symbol} {name}: {detail}", columns, more="  ")
    typer.echo(style(symbol, fg=colour) + " " + bold(f"{name}:") + first[len(symbol) + len(name) + 2 :])
    for line in rest:
        typer.echo(line)
    if fix:
        for line in wrap(f"→ {fix}", columns, "    ", "  "):
            typer.echo(line)


def _grading_fitness(settings) -> bool:
    """Grade the calibration sample with a progress bar; print the verdict; True if fit."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..doctor import check_grading
    from . import render

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=render.console(), transient=True) as bar:
        task = bar.add_task(f"Grading expert-scored answers with {settings.model}", total=None)
        fitness = check_grading(settings, lambda done, total: bar.update(task, completed=done, total=total))
    _print_check("ok" if fitness.fit else "fail", "Grading", fitness.verdict, fitness.advice)
    return fitness.fit
