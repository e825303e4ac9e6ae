"""Rich rendering of core results: tables, bars, pages. No logic, no I/O but the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from ..overview import Overview
    from ..plan import Plan
    from ..roadmap import Roadmap

STATUS_STYLE = {"todo": "dim", "learning": "yellow", "done": "green", "skipped": "strike dim"}


def console() -> Console:
    return Console(highlight=False)


def tracks_table(roadmap: Roadmap) -> Table:
    table = Table(title="The four tracks", show_lines=True, expand=True)
    table.add_column("")
    for number, track in enumerate(roadmap.tracks, 1):
        table.add_column(f"{number}. {track.title}\n[dim]{track.id}[/dim]", ratio=1)
    rows = {
        "Goal": [t.tagline for t in roadmap.tracks],
        "For": ["\n".join(f"• {w}" for w in t.for_whom) for t in roadmap.tracks],
        "Focus": ["\n".join(f"• {f}" for f in t.focus) for t in roadmap.tracks],
        "Outcomes": ["\n".join(f"• {o}" for o in t.outcomes) for t in roadmap.tracks],
    }
    for label, cells in rows.items():
        table.add_row(f"[bold]{label}[/bold]", *cells)
    return table


def plan_table(plan: Plan) -> Table:
    weeks = len(plan.weeks)
    table = Table(
        title=f"{plan.track_title} · {plan.hours_per_week:g} h/week · {plan.total_hours:g} h over {weeks} weeks",
        caption=f"Start {plan.start:%a %d %b %Y} → finish {plan.finish:%a %d %b %Y}",
    )
    table.add_column("Topic")
    table.add_column("Hours", justify="right")
    table.add_column("Weeks", justify="right")
    table.add_column("Dates")
    for number, phase in enumerate(plan.phases, 1):
        table.add_section()
        table.add_row(
            f"[bold cyan]{number}. {phase.title}[/] [dim](months {phase.months})[/]", f"{phase.hours:g}", "", ""
        )
        for topic in phase.topics:
            style = STATUS_STYLE[topic.status]
            if topic.start is None:
                table.add_row(f"  [{style}]{topic.title}[/]", "–", "", "[dim]skipped[/dim]")
                continue
            span = (
                str(topic.first_week)
                if topic.first_week == topic.last_week
                else f"{topic.first_week}-{topic.last_week}"
            )
            mark = " ✓" if topic.status == "done" else ""
            table.add_row(
                f"  [{style}]{topic.title}[/]{mark}",
                f"{topic.hours:g}",
                span,
                f"{topic.start:%d %b} – {topic.end:%d %b %Y}",
            )
    return table


def status_table(view: Overview) -> Table:
    from ..overview import text_bar

    table = Table(title=f"{view.track_title} · {view.percent}% done", title_justify="left")
    table.add_column("Phase")
    table.add_column("Progress")
    table.add_column("%", justify="right")
    table.add_column("Done", justify="right")
    table.add_column("Learning", justify="right")
    table.add_column("Skipped", justify="right")
    for phase in view.phases:
        table.add_row(
            phase.title,
            f"[green]{text_bar(phase.percent)}[/]",
            f"{phase.percent}%",
            f"{phase.done}/{phase.total}",
            str(phase.learning),
            str(phase.skipped),
        )
    return table
