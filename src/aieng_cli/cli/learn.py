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
    hours: Annotated[float | None, typer.Option("--hours", help="Study hours per week (1-80).")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start date, YYYY-MM-DD (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON (a preview unless --save).")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show the stored plan without asking anything.")] = False,
    weeks: Annotated[
        bool, typer.Option("--weeks", help="Print the plan week by week (a preview unless --save).")
    ] = False,
    save: Annotated[bool, typer.Option("--save", help="Store this plan (with --json or --weeks).")] = False,
    replan: Annotated[
        bool, typer.Option("--replan", help="Lay the topics not yet done from today at your stored hours.")
    ] = False,
    details: Annotated[
        bool, typer.Option("--details", help="When asking, compare the tracks in full (goal, for whom, outcomes).")
    ] = False,
) -> None:
    """Choose a track, weekly hours and a start date; print the dated week-by-week plan."""
    from .. import plan as planning
    from ..today import local_day
    from .today import learner_zone

    state: State = ctx.obj
    roadmap, store = state.roadmap_index, state.store
    saved = store.load()
    zone = learner_zone()
    day = local_day(_now(), zone)
    if replan:
        if track or hours is not None or start or save or show:
            raise PlanError(
                "--replan restarts your stored plan from today at its hours; to change track, hours "
                "or start, use `aieng plan --track … --hours … --start …` instead"
            )
        _replan(roadmap, store, day, zone, as_json, weeks)
        return
    if show or ((as_json or weeks) and track is None):
        if not saved.track:
            raise PlanError("no plan stored yet: run `aieng plan` or pass --track")
        track = track or saved.track
        show = show or not save
    asked = track is None
    if asked:
        track, hours, start = _ask_plan(roadmap, saved, hours, start, day, details)
    track = roadmap.track(track).id  # any case; unknown: "did you mean" before anything is stored
    hours_value = planning.validate_hours(hours if hours is not None else saved.hours_per_week or 10)
    start_day = planning.parse_start(start) if start else saved.started_on or day
    # --json and --weeks only preview, unless the learner asks to save; the wizard always saves.
    store_it = not show and (asked or save or not (as_json or weeks))
    if store_it:

        def choose(progress) -> None:
            progress.track, progress.hours_per_week, progress.started_on = track, hours_value, start_day

        saved = store.mutate(choose)
    result = planning.build_plan(roadmap, track, hours_value, start_day, saved, zone)
    _echo_plan(result, as_json, weeks, planning.start_note(start_day, day) if not show else "")
    if store_it:
        _say(as_json, f"\nSaved: track {track}. Next: `aieng today` or `aieng study`.")
    elif not show:
        _say(as_json, "\nPreview only: nothing was saved. Add --save to keep this plan.")


def _echo_plan(result, as_json: bool, weeks: bool, note: str) -> None:
    if as_json:
        import json

        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        from .plain import echo_plan, echo_weeks

        (echo_weeks if weeks else echo_plan)(result)
    for line in (result.pace.warning, note):
        if line:
            _say(as_json, line)


def _say(as_json: bool, message: str) -> None:
    """Messages go to stderr when stdout carries JSON, so `> plan.json` stays valid."""
    typer.echo(message, err=as_json)


def _replan(roadmap, store, day, zone, as_json: bool, weeks: bool) -> None:
    from .. import plan as planning

    planning.replan(store.load(), day)  # "no plan stored yet" before anything is written
    saved = store.mutate(lambda progress: planning.replan(progress, day))  # the old plan is kept with it
    old = saved.plans[-1]
    result = planning.build_plan(roadmap, saved.track, saved.hours_per_week, day, saved, zone)
    _echo_plan(result, as_json, weeks, "")
    _say(
        as_json,
        f"\nSaved: re-planned from {day:%d %b %Y}; the plan started {old.started_on:%d %b %Y} is kept in "
        "your progress. Done topics free their slots.",
    )


def _now():
    from ..progress import utcnow

    return utcnow()


def _ask_plan(roadmap, saved, hours, start, today: date, details: bool = False):
    """Interactive part of `aieng plan`: the tracks (one line each, or in full), then three questions."""
    from rich.prompt import Prompt

    from .. import plan as planning
    from . import render

    out = render.console()
    out.print(render.tracks_table(roadmap) if details else render.tracks_summary(roadmap))
    ids = [t.id for t in roadmap.tracks]
    while True:
        answer = _ask(Prompt, f"Track (1-{len(ids)} or id)", saved.track or "1")
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            track = ids[int(answer) - 1]
            break
        if answer.lower() in ids:
            track = answer.lower()
            break
        out.print(f"[red]Choose 1-{len(ids)} or one of: {', '.join(ids)}[/red]")
    while hours is None:
        text = _ask(Prompt, "Hours per week", f"{saved.hours_per_week or 10:g}")
        try:
            hours = planning.validate_hours(float(text))
        except (ValueError, PlanError) as exc:
            out.print(f"[red]{exc if isinstance(exc, PlanError) else 'Enter a number of hours, e.g. 10'}[/red]")
    while start is None:
        text = _ask(Prompt, "Start date (YYYY-MM-DD)", (saved.started_on or today).isoformat())
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
        typer.echo()  # end the prompt's line (Ctrl+D echoes nothing), so the error starts its own
        raise PlanError("no answer on standard input; pass --track, --hours and --start instead") from None


def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print it as JSON for scripts: today, phases, counts, due, next.")
    ] = False,
) -> None:
    """Where you stand today, % done per phase, topic counts and what to study next."""
    from ..overview import overview
    from .plain import echo_status
    from .today import build_today, echo_today, learner_zone

    state: State = ctx.obj
    progress, zone = state.store.load(), learner_zone()
    today_view = build_today(state, progress, zone)
    view = overview(state.roadmap_index, progress, zone=zone)
    if as_json:
        import json

        typer.echo(json.dumps(status_dict(today_view, view), indent=2))
        return
    echo_today(today_view)
    typer.echo()
    echo_status(view, show_due=False)


def status_dict(today_view, view) -> dict:
    """The JSON of `aieng status --json`: the same two objects the text is rendered from."""
    return {
        "track": view.track,
        "track_title": view.track_title,
        "percent": view.percent,
        "today": today_view.to_dict(),
        "phases": [
            {
                "id": p.id,
                "title": p.title,
                "total": p.total,
                "done": p.done,
                "learning": p.learning,
                "skipped": p.skipped,
                "percent": p.percent,
            }
            for p in view.phases
        ],
        "counts": view.counts,
        "reviews": view.reviews,
        "due": view.due,
        "next_topics": [{"id": t.id, "title": t.title} for t in view.next_topics],
        "projects": [{"template": template, "path": path} for template, path in view.projects],
        "retired": [{"topic_id": r.topic_id, "status": r.status, "reviews": r.reviews} for r in view.retired],
    }


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
    """Set a topic's (or a portfolio project's) status: learning, done, skip or todo."""
    state: State = ctx.obj
    status_value = MARKS.get(new_status.lower())
    if status_value is None:
        raise PlanError(f"unknown status {new_status!r}; use learning, done, skip or todo")
    from ..plan import is_milestone, parse_stage_id

    stage = parse_stage_id(topic_id.lower().strip())
    if stage is not None:
        raise PlanError(
            f"{topic_id} is stage {stage[1]} of your {stage[0]} project: `aieng check` in the project "
            f"records it when its tests pass (or `aieng mark {stage[0]} {new_status}` for the whole project)"
        )
    # A portfolio project (rag-platform, ai-agent, ai-saas) is a plan milestone, marked like a topic.
    lowered = topic_id.lower()
    item_id = lowered if is_milestone(lowered) else state.roadmap_index.topic(topic_id).id
    saved = state.store.mutate(lambda progress: progress.set_status(item_id, status_value))  # type: ignore[arg-type]
    typer.echo(f"{item_id}: {status_value}")
    if saved.track and not is_milestone(item_id):
        track = state.roadmap_index.track(saved.track)
        if item_id not in track.topics and item_id not in track.optional:
            typer.echo(
                f"Note: {item_id} is outside your track ({track.id}): saved, but your plan and status leave it out."
            )
