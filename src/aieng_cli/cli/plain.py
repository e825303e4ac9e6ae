"""Plain-text output for the fast commands (`plan`, `status`).

Rich costs ~45 ms to import and lay out a table, more than everything else these commands
do; aligned text with click's styles reads just as well here. Every line fits the terminal
(terminal.py wraps, never cuts); Rich stays for prompts, topic pages and the quiz.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .terminal import echo_wrapped, row, style, width, wrap

if TYPE_CHECKING:
    from ..overview import Overview, PhaseProgress
    from ..plan import Plan, PlannedTopic

STATUS_COLOUR = {"learning": "yellow", "done": "green"}
TITLE_COLUMN = 40  # the longest topic titles in the shipped roadmap are ~55 characters


def echo_plan(plan: Plan) -> None:
    columns = width()
    weeks = len(plan.weeks)
    echo_wrapped(
        f"{plan.track_title} · {plan.hours_per_week:g} h/week · {plan.total_hours:g} h over {weeks} weeks", bold=True
    )
    echo_wrapped(f"Start {plan.start:%a %d %b %Y} → finish {plan.finish:%a %d %b %Y}")
    echo_wrapped(pace_line(plan))
    topics = [t for p in plan.phases for t in p.topics]
    dates = {t.id: _dates(t) for t in topics if t.start is not None}
    title_width = min(TITLE_COLUMN, max((len(t.title) for t in topics), default=10))
    dated_width = max(map(len, dates.values()), default=0)  # every row as wide, so they line up
    for number, phase in enumerate(plan.phases, 1):
        typer.echo()
        unit = "months" if "-" in phase.months else "month"
        when = f"{unit} {phase.months} of this plan" if phase.start else "nothing left to plan"
        echo_wrapped(f"{number}. {phase.title} ({when}) · {phase.hours:g} h", fg="cyan", bold=True)
        for topic in phase.topics:
            if topic.start is None:
                why = "skipped" if topic.status == "skipped" else "done before this plan"
                for line in row(topic.title, f"–  {why}".ljust(dated_width), title_width, columns, indent=3):
                    typer.echo(style(line.rstrip(), dim=True))
                continue
            for line in row(topic.title, dates[topic.id], title_width, columns, indent=3):
                typer.echo(style(line.rstrip(), fg=STATUS_COLOUR.get(topic.status)))
    if plan.optional:
        typer.echo()
        names = ", ".join(f"{title} ({topic_id})" for topic_id, title in plan.optional)
        echo_wrapped(f"Optional, not planned (lessons point to them): {names}", dim=True)


def _dates(topic: PlannedTopic) -> str:
    span = str(topic.first_week) if topic.first_week == topic.last_week else f"{topic.first_week}-{topic.last_week}"
    mark = " ✓" if topic.status == "done" else "  "  # the same width on every row keeps columns aligned
    return f"{topic.hours:4g} h  wk {span:>5}  {topic.start:%d %b} – {topic.end:%d %b %Y}{mark}"


def echo_weeks(plan: Plan) -> None:
    """One line per week: its dates and what to study, with hours (wrapped under itself, never cut)."""
    columns = width()
    titles = {t.id: t.title for t in plan.topics}
    echo_wrapped(f"{plan.track_title} · {plan.hours_per_week:g} h/week · week by week", bold=True)
    for week in plan.weeks:
        study = ", ".join(f"{titles[topic_id]} ({hours:g} h)" for topic_id, hours in week.topics)
        head = f"  wk {week.number:>3}  {week.start:%d %b} – {week.end:%d %b %Y}  "
        if columns is None:
            typer.echo(head + study)
            continue
        room = columns - len(head)
        if room >= 24:
            first, *rest = wrap(study, room, more="") or [""]
            typer.echo(head + first)
            for line in rest:
                typer.echo(" " * len(head) + line)
        else:
            typer.echo(head.rstrip())
            for line in wrap(study, columns, "      ", ""):
                typer.echo(line)
    echo_wrapped(f"Finish {plan.finish:%a %d %b %Y}")
    echo_wrapped(pace_line(plan))


def pace_line(plan: Plan) -> str:
    return (
        f"Pace: {plan.pace.months:g} months at {plan.hours_per_week:g} h/week; "
        f"{plan.pace.hours_for_12_months:g} h/week would finish this track in 12 months."
    )


def bar(percent: int, width: int = 20) -> str:
    from ..overview import text_bar

    return style(text_bar(percent, width), fg="green")


def _phase_counts(phase: PhaseProgress) -> str:
    extra = f"{phase.done}/{phase.total} done"
    if phase.learning:
        extra += f" · {phase.learning} learning"
    if phase.skipped:
        extra += f" · {phase.skipped} skipped"
    return extra


def echo_status(view: Overview, show_due: bool = True) -> None:
    columns = width()
    echo_wrapped(f"{view.track_title} · {view.percent}% done", bold=True)
    title_width = min(TITLE_COLUMN, max((len(p.title) for p in view.phases), default=10))
    bar_width = 20 if columns is None or columns >= 100 else 10
    for phase in view.phases:
        right = f"{bar(phase.percent, bar_width)} {phase.percent:3}%  {_phase_counts(phase)}"
        for line in row(phase.title, right, title_width, columns):
            typer.echo(line)
    c = view.counts
    topics = (
        f"{c['done']} done · {c['learning']} learning · {c['todo']} to do · "
        f"{c['skipped']} skipped · {view.reviews} reviews recorded"
    )
    echo_wrapped(topics, "Topics:")
    if show_due and view.due:
        echo_wrapped(f"{len(view.due)} — run aieng quiz ({', '.join(view.due[:5])})", "Reviews due:")
    if view.next_topics:
        echo_wrapped(" · ".join(f"{t.title} ({t.id})" for t in view.next_topics), "Coming up:")
    else:
        echo_wrapped("Every topic of this track is done or skipped.", fg="green", bold=True)
    for template, path in view.projects:
        echo_wrapped(f"{template} at {path}", "Project:")
    for old in view.retired:
        echo_wrapped(
            f"Retired topic {old.topic_id}: {old.status}, {old.reviews} reviews kept (no longer in the roadmap)",
            dim=True,
        )
