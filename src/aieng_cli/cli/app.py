"""The root Typer app: global options, error translation, lazily built commands.

Only typer and the standard library are imported at module level: `aieng --help` must stay
fast, and textual, cookiecutter and ollama are imported inside the commands that use them.
Commands are turned into Click commands only when invoked (or listed by --help and shell
completion): building all of them costs ~9 ms, as much as `aieng status` itself.
"""

# No `from __future__ import annotations`: Typer would eval the root options' annotations on each start.

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer._click.exceptions import UsageError  # typer vendors click: its error, not click's
from typer.core import TyperGroup

from .. import __version__
from ..errors import AiengError
from .context import State

CRASH_EXIT_CODE = 70  # EX_SOFTWARE: an aieng bug, told apart from a user error (1) and usage (2)

# name -> (module in this package, attribute): a function becomes a command, a Typer app a group.
COMMANDS = {
    "plan": ("learn", "plan"),
    "status": ("learn", "status"),
    "today": ("today", "today"),
    "topic": ("learn", "topic"),
    "mark": ("learn", "mark"),
    "study": ("study", "study"),
    "quiz": ("tutor_cmds", "quiz"),
    "new": ("new", "new"),
    "check": ("check", "check"),
    "doctor": ("tutor_cmds", "doctor"),
    "config": ("config_cmds", "config_app"),
    "progress": ("progress_cmds", "app"),
    "practice": ("practice", "app"),
}


class AiengGroup(TyperGroup):
    """Builds each command on first use, and turns any AiengError into one line and exit 1."""

    def list_commands(self, ctx) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx, name: str):  # type: ignore[override]
        if name not in self.commands and name in COMMANDS:
            module_name, attribute = COMMANDS[name]
            target = getattr(importlib.import_module(f"{__package__}.{module_name}"), attribute)
            if not isinstance(target, typer.Typer):
                single = typer.Typer(rich_markup_mode="rich", pretty_exceptions_enable=False, add_completion=False)
                single.command(name)(target)
                target = single
            command = typer.main.get_command(target)
            command.name = name
            self.commands[name] = command
        return self.commands.get(name)

    def resolve_command(self, ctx, args):  # type: ignore[override]
        """A mistyped command gets "did you mean" (Typer's own hint sees only commands built so far)."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            from difflib import get_close_matches

            close = get_close_matches(args[0].lower(), list(COMMANDS), n=2, cutoff=0.6) if args else []
            if close and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {' or '.join(close)}?"
            raise

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except AiengError as exc:
            typer.echo(f"aieng: {exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("\naieng: interrupted", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=AiengGroup,
    name="aieng",
    help="Your AI-engineer roadmap in the terminal: plan, study, quiz, scaffold projects.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every subcommand
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


def main() -> None:
    """The console script: usage errors, AiengError and typer.Exit behave as Click makes them;
    anything unexpected becomes one line plus a crash log, Ctrl+C one line and exit 130."""
    try:
        app(prog_name="aieng")
    except KeyboardInterrupt:  # outside a command (while starting up); inside, invoke() handles it
        sys.stderr.write("\naieng: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - SystemExit (typer.Exit, usage errors) passes through
        from ..crash import crash_line, write_crash_log

        sys.stderr.write(crash_line(exc, write_crash_log(exc)) + "\n")
        sys.exit(CRASH_EXIT_CODE)
