"""The root Typer app: global options, error translation, command registration.

Only typer and the standard library are imported at module level: `aieng --help` must stay
fast, and textual, cookiecutter and ollama are imported inside the commands that use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import AiengError
from . import learn, new, progress_cmds, study, tutor_cmds
from .context import State


class AiengGroup(TyperGroup):
    """Turns any AiengError raised by a command into one line on stderr and exit code 1."""

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except AiengError as exc:
            typer.echo(f"aieng: {exc}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=AiengGroup,
    name="aieng",
    help="Your AI-engineer roadmap in the terminal: plan, study, quiz, scaffold projects.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aieng {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    roadmap: Annotated[
        Path | None,
        typer.Option("--roadmap", envvar="AIENG_ROADMAP", help="Use this roadmap file instead of the shipped one."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(roadmap_path=roadmap)


app.command("plan")(learn.plan)
app.command("status")(learn.status)
app.command("topic")(learn.topic)
app.command("mark")(learn.mark)
app.command("study")(study.study)
app.command("quiz")(tutor_cmds.quiz)
app.command("new")(new.new)
app.command("doctor")(tutor_cmds.doctor)
app.add_typer(tutor_cmds.config_app, name="config")
app.add_typer(progress_cmds.app, name="progress")


def main() -> None:
    app(prog_name="aieng")
