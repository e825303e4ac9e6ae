"""Helpers every command shares: settings with one-line errors, the data-folder option, opening memory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..display import visible
from ..errors import AgentError
from ..memory import LongTermMemory
from ..runtime import build_model, build_runtime
from ..settings import Settings, validated

HomeOption = Annotated[Path | None, typer.Option(help="Data folder (AGENT_HOME).")]


def settings_from(home: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment plus command-line overrides; a bad value is one line and exit 1."""
    try:
        settings = Settings.from_env()
        values = {k: v for k, v in overrides.items() if v is not None}
        if home is not None:
            values["home"] = home.expanduser().resolve()
        return validated(values, settings) if values else settings
    except AgentError as e:
        raise fail(e) from None


def fail(error: AgentError | str) -> typer.Exit:
    typer.echo(f"error: {visible(' '.join(str(error).split()))}", err=True)  # may quote a model's words
    return typer.Exit(1)


def open_memory(home: Path | None, demo: bool) -> LongTermMemory:
    settings = settings_from(home)
    try:
        return build_runtime(settings, build_model(settings, demo)).memory
    except AgentError as e:
        raise fail(e) from None
