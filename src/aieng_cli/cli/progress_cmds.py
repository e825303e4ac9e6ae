"""`aieng progress export|import|reset|repair`: the learner's data, safe in their hands."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .context import State
from .terminal import echo_wrapped

app = typer.Typer(
    help="Export, import, reset or repair your progress file.", no_args_is_help=True, add_completion=False
)

FileArg = Annotated[Path, typer.Argument(metavar="FILE", dir_okay=False)]


@app.command("export")
def export(ctx: typer.Context, target: FileArg) -> None:
    """Copy your progress to FILE (never overwrites an existing file)."""
    from ..progress import export_to

    state: State = ctx.obj
    export_to(state.store, target)
    typer.echo(f"Exported progress to {target}")


@app.command("import")
def import_(ctx: typer.Context, source: FileArg) -> None:
    """Replace your progress with FILE; the current file is kept as a backup."""
    from ..progress import import_from

    state: State = ctx.obj
    backup = import_from(state.store, source)
    typer.echo(f"Imported {source}" + (f"; previous progress kept in {backup}" if backup else ""))


@app.command("reset")
def reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Start from scratch; the current file is kept as a backup."""
    from ..progress import reset as reset_store

    state: State = ctx.obj
    if not yes and not typer.confirm("Reset all progress? (a backup is kept)", default=False):
        typer.echo("Nothing changed.")
        raise typer.Exit(1)
    backup = reset_store(state.store)
    typer.echo("Progress reset" + (f"; backup in {backup}" if backup else ""))


@app.command("repair")
def repair(ctx: typer.Context) -> None:
    """Move an unreadable progress file aside and start fresh."""
    state: State = ctx.obj
    moved = state.store.repair()
    if moved is None:
        typer.echo(f"{state.store.path} is healthy; nothing to repair.")
        return
    reviews = len(state.store.load().reviews)
    kept = f"{reviews} review{'' if reviews == 1 else 's'}"
    if ".jsonl.corrupt-" not in moved.name:
        message = f"Moved the unreadable progress file to {moved}; starting fresh, with the {kept} its log still had."
    elif os.path.lexists(moved):
        message = f"Moved the damaged review log to {moved}; kept your plan, statuses and the {kept} before the damage."
    else:
        message = "The review log was missing: kept your plan and statuses; the history of answers starts again."
    echo_wrapped(message)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where your progress file lives."""
    state: State = ctx.obj
    typer.echo(str(state.store.path))
