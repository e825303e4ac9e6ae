"""`aieng new`: scaffold a portfolio project from a template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ProgressError
from .context import State


def _complete_template(incomplete: str) -> list[str]:
    from ..scaffold import catalogue

    return [t.name for t in catalogue() if t.name.startswith(incomplete)]


def new(
    ctx: typer.Context,
    template_name: Annotated[
        str | None,
        typer.Argument(
            metavar="TEMPLATE", autocompletion=_complete_template, help="rag-platform, ai-agent or ai-saas."
        ),
    ] = None,
    project_name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Project name (sets project_name).")
    ] = None,
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Folder to create the project in.")] = Path(
        "."
    ),
    no_input: Annotated[bool, typer.Option("--no-input", help="Use defaults and --set values; ask nothing.")] = False,
    settings: Annotated[
        list[str] | None, typer.Option("--set", help="Template option as key=value (repeatable).", metavar="KEY=VALUE")
    ] = None,
    list_templates: Annotated[bool, typer.Option("--list", help="List the templates and exit.")] = False,
    guided: Annotated[
        bool, typer.Option("--guided", help="Build it yourself in stages: each stage's core is a stub with tests.")
    ] = False,
) -> None:
    """Create a portfolio project: a real, runnable, tested codebase."""
    import shlex

    from rich.markup import escape

    from .. import scaffold
    from . import render

    out = render.console()
    if list_templates or template_name is None:
        from rich.table import Table

        table = Table(show_header=False, box=None, padding=(0, 2, 1, 0))
        for template in scaffold.catalogue():
            table.add_row(f"[bold]{escape(template.name)}[/bold]", escape(template.description))
        out.print(table)
        if template_name is None and not list_templates:
            out.print("\nUsage: [bold]aieng new TEMPLATE [NAME][/bold]")
        return
    template = scaffold.find_template(template_name)
    if guided:
        scaffold.check_guided(template)  # before any prompt
    values = scaffold.parse_settings(settings or [], template)
    if project_name is not None:
        values["project_name"] = project_name
    resolved = scaffold.resolve_context(template, values, no_input=no_input)
    target = scaffold.generate(template, resolved, output_dir.expanduser().resolve(), guided=guided)
    from ..progress import Project
    from ..projects import guided_stage_count

    state: State = ctx.obj
    entry = Project(template=template.name, path=str(target), stage_count=guided_stage_count(target))
    try:
        state.store.mutate(lambda p: p.projects.append(entry))
    except ProgressError as exc:  # the project exists; failing to record it must not hide that
        typer.echo(f"aieng: warning: project created but not recorded: {exc}", err=True)
    # The path is the user's: escaped for Rich markup, and quoted for the shell they paste it into.
    out.print(f"Created [bold]{escape(str(target))}[/bold] from {template.name}.")
    if guided:
        out.print(
            f"Next: [bold]cd {escape(shlex.quote(str(target)))}[/bold], set it up as its README says, read "
            "STAGES.md and build stage 1; [bold]aieng check[/bold] runs the stage tests."
        )
        return
    out.print(
        f"Next: [bold]cd {escape(shlex.quote(str(target)))}[/bold] and follow its README (set up + run, set up + test)."
    )
