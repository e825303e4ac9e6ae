"""Commands about the roadmap and the learner's place on it: plan, status, topic, mark."""

# No `from __future__ import annotations`: Typer would compile and eval every parameter
# annotation on each start (~2 ms for `plan` alone).

from datetime import date
from typing import Annotated

import typer

from ..errors import PlanError
from .context import State

MARKS = {"learning": "learning", "done": "done", "skip": "skipped", "skipped": "skipped", "todo": "todo"}


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion for topic ids (silent when the roadmap cannot be read)."""
    return _complete_ids("topics", incomplete)


def complete_track(incomplete: str) -> list[str]:
    return _complete_ids("tracks", incomplete)


def _complete_ids(kind: str, incomplete: str) -> list[str]:
    from ..errors import AiengError
    from ..roadmap import load_roadmap

    try:
        items = getattr(load_roadmap(index_only=True), kind)
    except AiengError:
        return []
    return [item.id for item in items if item.id.startswith(incomplete)]


def plan(
    ctx: typer.Context,
    track: Annotated[
        str | None,
        typer.Option(
            "--track", "-t", autocompletion=complete_track, help="Track id, e.g. ai-developer; asks if omitted."
        ),
    ] = None,
    hours: Annotated[float | None, typer.Option("--hours", "-h", help="Study hours per week (1-80).")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start date, YYYY-MM-DD (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show the stored plan without asking anything.")] = False,
    weeks: Annotated[bool, typer.Option("--weeks", help="Print the plan week by week instead of by topic.")] = False,
) -> None:
    """Choose a track, weekly hours and a start date; print the dated week-by-week plan."""
    from .. import plan as planning

    state: State = ctx.obj
    roadmap, store = state.roadmap_index, state.store
    saved = store.load()
    if show or (as_json and track is None):
        if not saved.track:
            raise PlanError("no plan stored yet: run `aieng plan` or pass --track")
        track = track or saved.track
    if track is None:
        track, hours, start = _ask_plan(roadmap, saved, hours, start)
    roadmap.track(track)  # unknown track: "did you mean" before anything is stored
    hours_value = planning.validate_hours(hours if hours is not None else saved.hours_per_week or 10)
    start_day = planning.parse_start(start) if start else saved.started_on or date.today()
    if not show:

        def choose(progress) -> None:
            progress.track, progress.hours_per_week, progress.started_on = track, hours_value, start_day

        saved = store.mutate(choose)
    result = planning.build_plan(roadmap, track, hours_value, start_day, saved)
    if as_json:
        import json

        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    from .plain import bold, echo_plan, echo_weeks

    (echo_weeks if weeks else echo_plan)(result)
    if not show:
        typer.echo(f"\nSaved: track {bold(track)}. Next: {bold('aieng status')} or {bold('aieng study')}.")


def _ask_plan(roadmap, saved, hours, start):
    """Interactive part of `aieng plan`: the tracks side by side, then three questions."""
    from rich.prompt import Prompt

    from .. import plan as planning
    from . import render

    out = render.console()
    out.print(render.tracks_table(roadmap))
    ids = [t.id for t in roadmap.tracks]
    while True:
        answer = _ask(Prompt, f"Track (1-{len(ids)} or id)", saved.track or "1")
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            track = ids[int(answer) - 1]
            break
        if answer in ids:
            track = answer
            break
        out.print(f"[red]Choose 1-{len(ids)} or one of: {', '.join(ids)}[/red]")
    while hours is None:
        text = _ask(Prompt, "Hours per week", f"{saved.hours_per_week or 10:g}")
        try:
            hours = planning.validate_hours(float(text))
        except (ValueError, PlanError) as exc:
            out.print(f"[red]{exc if isinstance(exc, PlanError) else 'Enter a number of hours, e.g. 10'}[/red]")
    while start is None:
        text = _ask(Prompt, "Start date (YYYY-MM-DD)", (saved.started_on or date.today()).isoformat())
        try:
            planning.parse_start(text)
            start = text
        except PlanError as exc:
            out.print(f"[red]{exc}[/red]")
    return track, hours, start


def _ask(prompt_cls, question: str, default: str) -> str:
    try:
        return prompt_cls.ask(question, default=default).strip()
    except EOFError:
        raise PlanError("no answer on standard input; pass --track, --hours and --start instead") from None


def status(ctx: typer.Context) -> None:
    """Your track, % done per phase, topic counts and what to study next."""
    from ..overview import overview
    from .plain import echo_status

    state: State = ctx.obj
    echo_status(overview(state.roadmap_index, state.store.load()))


def topic(
    ctx: typer.Context,
    topic_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete_topic, help="Topic id, e.g. rag.")],
    questions: Annotated[bool, typer.Option("--questions", "-q", help="List the topic's question bank.")] = False,
) -> None:
    """Show one topic page: summary, objectives, lesson and resources."""
    from rich.markdown import Markdown

    from ..pages import topic_markdown
    from . import render

    state: State = ctx.obj
    item = state.roadmap.topic(topic_id)
    page = topic_markdown(state.roadmap, item, state.store.load().status(item.id), questions=questions)
    render.console().print(Markdown(page, hyperlinks=False))


def mark(
    ctx: typer.Context,
    topic_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete_topic, help="Topic id.")],
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            autocompletion=lambda: ["learning", "done", "skip", "todo"],
            help="learning | done | skip | todo",
        ),
    ],
) -> None:
    """Set a topic's status: learning, done, skip or todo."""
    state: State = ctx.obj
    status_value = MARKS.get(new_status.lower())
    if status_value is None:
        raise PlanError(f"unknown status {new_status!r}; use learning, done, skip or todo")
    item = state.roadmap_index.topic(topic_id)
    state.store.mutate(lambda progress: progress.set_status(item.id, status_value))  # type: ignore[arg-type]
    typer.echo(f"{item.id}: {status_value}")
