"""`aieng today`: reviews due, this week's plan, where you stand, and what to do next."""

# No `from __future__ import annotations`: Typer would eval the annotations on each start.

from typing import Annotated

import typer

from .context import State


def today(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print today's view as JSON.")] = False,
) -> None:
    """What is due today, this week's topics, weeks ahead or behind, and one next step."""
    state: State = ctx.obj
    view = build_today(state, state.store.load(), learner_zone())
    if as_json:
        import json

        typer.echo(json.dumps(view.to_dict(), indent=2))
        return
    echo_today(view)


def build_today(state: State, progress, zone):
    """The today object for the learner's zone (None: the system's) and the current clock."""
    from ..progress import utcnow
    from ..today import today

    return today(state.roadmap_index, progress, utcnow(), zone)


def learner_zone():
    """The `timezone` setting, else TZ, else the system's zone."""
    from ..settings import load_settings
    from ..today import local_zone

    return local_zone(load_settings().timezone)


def echo_today(view) -> None:
    from .terminal import bold, echo_wrapped, width, wrap

    head = f"{view.track_title} · {view.standing}"
    when = f"({view.day:%a %d %b %Y}, {view.zone})"
    columns = width()
    if columns is None or len(head) + 2 + len(when) <= columns:
        typer.echo(bold(head) + f"  {when}")
    else:
        echo_wrapped(head, bold=True)
        echo_wrapped(when)
    if view.due:
        names = ", ".join(f"{item.title} ({item.id})" for item in view.due)
        echo_wrapped(f"{len(view.due)} — {names}", "Due today:")
    else:
        echo_wrapped("no reviews", "Due today:")
    if view.this_week:
        typer.echo(bold("This week:"))
        for item in view.this_week:
            mark = {"done": " ✓", "learning": " (learning)"}.get(item.status, "")
            label = "project: " if item.kind == "milestone" else ""
            for line in wrap(f"{label}{item.title} · {item.hours:g} h{mark}", columns, "  "):
                typer.echo(line)
    echo_wrapped(f"{view.next.command} — {view.next.reason}", "Next:")
    for line in [view.practice, *view.projects]:
        if line:
            echo_wrapped(line)
    if view.offer_replan:
        echo_wrapped(
            f"You are {view.weeks_behind} week{'s' if view.weeks_behind != 1 else ''} behind. "
            "`aieng plan --replan` lays the remaining topics from today at your weekly hours.",
            fg="yellow",
        )
