"""`aieng practice`: pick the next exercise, copy it, watch it; `check`, `solution`, `--list`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from .context import State
from .practice_keys import terminal_keys


class PracticeGroup(TyperGroup):
    """`aieng practice TOPIC` and `aieng practice check`: a first word that is not a
    subcommand is the topic or exercise to practise (Click would take it as a command)."""

    VALUE_OPTIONS = {"--dir", "-d"}

    def parse_args(self, ctx, args: list[str]) -> list[str]:  # type: ignore[override]
        args = list(args)
        index = 0
        while index < len(args):
            word = args[index]
            if word == "--":
                break
            if word in self.VALUE_OPTIONS:
                index += 2
                continue
            if word.startswith("-"):
                index += 1
                continue
            if word not in self.commands:
                args[index : index + 1] = ["--target", word]
            break
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=PracticeGroup,
    add_completion=False,  # the root lists --install-completion once
    help="Hands-on exercises: make failing tests pass; every save re-runs them.",
    invoke_without_command=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", "-d", file_okay=False, help="Practice folder (remembered; default ~/aieng-practice)."),
]

# How the watch loop reads keys; tests replace it with a scripted source.
key_source = terminal_keys
POLL_S = 0.1


def _index():
    from ..practice import load_index

    return load_index()


def _store():
    from ..practice_store import default_practice_store

    return default_practice_store()


@app.callback()
def practice(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Option("--target", hidden=True)] = None,
    list_all: Annotated[bool, typer.Option("--list", "-l", help="List every exercise with ✓ / ✗.")] = False,
    folder: DirOption = None,
) -> None:
    """Practise: [bold]aieng practice[/bold] [TOPIC|EXERCISE] picks the next exercise and watches your file."""
    if ctx.invoked_subcommand is not None:
        if target is not None or list_all:
            raise typer.BadParameter("give the topic after the subcommand, e.g. `aieng practice check ID`")
        ctx.meta["practice_dir"] = folder
        return
    from .. import practice as core

    state: State = ctx.obj
    store = _store()
    index = _index()
    if list_all:
        from .practice_view import echo_list

        echo_list(index, store.load(), state.roadmap_index)
        return
    base = core.practice_dir(store, folder)
    exercise = core.choose(index, state.roadmap_index, state.store.load(), store.load().passed(), target)
    from .practice_view import watch

    watch(exercise, base, store, index, state, key_source, POLL_S)


@app.command("check")
def check(
    ctx: typer.Context,
    exercise_id: Annotated[str | None, typer.Argument(metavar="[EXERCISE]", help="Default: the current one.")] = None,
    folder: DirOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print pytest's output.")] = False,
) -> None:
    """Run the exercise's tests once: exit 0 when they pass, 1 when not (for scripts and editors)."""
    from .. import practice as core
    from .practice_view import echo_result

    store = _store()
    base = core.practice_dir(store, folder or ctx.meta.get("practice_dir"))
    exercise = core.load_one(exercise_id) if exercise_id else core.current(_index(), store, Path.cwd())
    prepared, result = core.run_check(exercise, base, store)
    echo_result(exercise, prepared, result, verbose=verbose)
    raise typer.Exit(0 if result.ok else 1)


@app.command("solution")
def solution(
    exercise_id: Annotated[str, typer.Argument(metavar="EXERCISE")],
    reveal: Annotated[bool, typer.Option("--reveal", help="Show it before passing (recorded as revealed).")] = False,
) -> None:
    """Show the reference solution once the exercise passes (or with --reveal)."""
    from .. import practice as core

    store = _store()
    exercise = core.load_one(exercise_id)
    text = core.reveal_solution(exercise, store, reveal)
    typer.echo(f"# Reference solution: {exercise.id} ({exercise.file})\n")
    typer.echo(text)
