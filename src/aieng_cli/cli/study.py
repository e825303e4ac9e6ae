"""`aieng study`: the Textual TUI (imported only here)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import AiengError
from .context import State
from .learn import complete_topic


def study(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option("--topic", autocompletion=complete_topic, help="Start straight in a quiz on this topic."),
    ] = None,
    offline: Annotated[bool, typer.Option("--offline", help="No LLM: bank questions and self-rating.")] = False,
) -> None:
    """Open the study TUI: dashboard, roadmap, topic pages, quizzes and the tutor chat."""
    from ..settings import load_settings
    from ..tui.app import StudyApp

    state: State = ctx.obj
    app = StudyApp(
        roadmap_path=state.roadmap_path, store=state.store, settings=load_settings(), offline=offline, topic=topic
    )
    app.run()
    if app.error:
        raise AiengError(app.error)
