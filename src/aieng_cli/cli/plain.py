"""Plain-text output for the fast commands (`plan`, `status`).

Rich costs ~45 ms to import and lay out a table, more than everything else these commands
do; aligned text with click's styles (dropped automatically when output is not a terminal)
reads just as well here. Rich stays for prompts, topic pages and the quiz.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..overview import Overview
    from ..plan import Plan

STATUS_COLOUR = {"learning": "yellow", "done": "green"}


def _width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bold(text: str) -> str:
    return typer.style(text, bold=True)


def echo_plan(plan: Plan) -> None:
    weeks = len(plan.weeks)
    typer.echo(bold(f"{plan.track_title} · {plan.hours_per_week:g} h/week · {plan.total_hours:g} h over {weeks} weeks"))
    typer.echo(f"Start {plan.start:%a %d %b %Y} → finish {plan.finish:%a %d %b %Y}")
    typer.echo(pace_line(plan))
    title_width = _width() - 42  # room for hours, weeks and dates
    for number, phase in enumerate(plan.phases, 1):
        typer.echo()
        when = f"months {phase.months} of this plan" if phase.start else "nothing left to plan"
        header = f"{number}. {phase.title} ({when}) · {phase.hours:g} h"
        typer.echo(typer.style(header, fg="cyan", bold=True))
        for topic in phase.topics:
            title = _fit(topic.title, title_width).ljust(title_width)
            if topic.start is None:
                why = "skipped" if topic.status == "skipped" else "done before this plan"
                typer.echo("   " + typer.style(f"{title}     –  {why}", dim=True))
                continue
            span = (
                str(topic.first_week)
                if topic.first_week == topic.last_week
                else f"{topic.first_week}-{topic.last_week}"
            )
            mark = " ✓" if topic.status == "done" else ""
            line = f"{title} {topic.hours:4g} h  wk {span:>5}  {topic.start:%d %b} – {topic.end:%d %b %Y}{mark}"
            typer.echo("   " + typer.style(line, fg=STATUS_COLOUR.get(topic.status)))
    if plan.optional:
        typer.echo()
        names = ", ".join(f"{title} ({topic_id})" for topic_id, title in plan.optional)
        typer.echo(typer.style(f"Optional, not planned (lessons point to them): {names}", dim=True))


def echo_weeks(plan: Plan) -> None:
    """One line per week: its dates and what to study, with hours."""
    titles = {t.id: t.title for t in plan.topics}
    typer.echo(bold(f"{plan.track_title} · {plan.hours_per_week:g} h/week · week by week"))
    width = _width() - 30
    for week in plan.weeks:
        study = ", ".join(f"{titles[topic_id]} ({hours:g} h)" for topic_id, hours in week.topics)
        typer.echo(f"  wk {week.number:>3}  {week.start:%d %b} – {week.end:%d %b %Y}  {_fit(study, width)}")
    typer.echo(f"Finish {plan.finish:%a %d %b %Y}")
    typer.echo(pace_line(plan))


def pace_line(plan: Plan) -> str:
    return (
        f"Pace: {plan.pace.months:g} months at {plan.hours_per_week:g} h/week; "
        f"{plan.pace.hours_for_12_months:g} h/week would finish this track in 12 months."
    )


def bar(percent: int, width: int = 20) -> str:
    from ..overview import text_bar

    return typer.style(text_bar(percent, width), fg="green")


def echo_status(view: Overview, show_due: bool = True) -> None:
    typer.echo(bold(f"{view.track_title} · {view.percent}% done"))
    title_width = min(40, max(len(p.title) for p in view.phases))
    for phase in view.phases:
        extra = f"{phase.done}/{phase.total} done · {phase.learning} learning · {phase.skipped} skipped"
        typer.echo(
            f"  {_fit(phase.title, title_width).ljust(title_width)}  {bar(phase.percent)} {phase.percent:3}%  {extra}"
        )
    c = view.counts
    typer.echo(
        f"Topics: {typer.style(str(c['done']) + ' done', fg='green')} · "
        f"{typer.style(str(c['learning']) + ' learning', fg='yellow')} · {c['todo']} to do · "
        f"{c['skipped']} skipped · {view.reviews} reviews recorded"
    )
    if show_due and view.due:
        typer.echo(f"{bold('Reviews due:')} {len(view.due)} — run {bold('aieng quiz')} ({', '.join(view.due[:5])})")
    if view.next_topics:
        typer.echo(f"{bold('Coming up:')} " + " · ".join(f"{t.title} ({t.id})" for t in view.next_topics))
    else:
        typer.echo(typer.style("Every topic of this track is done or skipped.", fg="green", bold=True))
    for template, path in view.projects:
        typer.echo(f"{bold('Project:')} {template} at {path}")
    for old in view.retired:
        typer.echo(
            typer.style(
                f"Retired topic {old.topic_id}: {old.status}, {old.reviews} reviews kept (no longer in the roadmap)",
                dim=True,
            )
        )
