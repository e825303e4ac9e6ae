"""`aieng config get|set|path`: read or change the settings in config.json."""

# No `from __future__ import annotations`: Typer would eval the annotations on each start.

from typing import Annotated

import typer

KEYS_HELP = "model, host, timeout, health_timeout, theme or timezone"

config_app = typer.Typer(
    help=(
        "Read or change settings: model (the Ollama model), host (where Ollama listens), timeout "
        "(seconds per model answer), health_timeout (seconds for the start-up check), theme (the "
        "study screen's colours) and timezone (your day for due reviews and plan weeks)."
    ),
    no_args_is_help=True,
    add_completion=False,  # the root lists --install-completion once
)


@config_app.command("get")
def config_get(
    key: Annotated[str | None, typer.Argument(help=f"{KEYS_HELP}; all if omitted.")] = None,
) -> None:
    """Print one setting, or all of them."""
    from ..settings import KEYS, get_value, load_settings

    settings = load_settings()
    for name in [key] if key else KEYS:
        typer.echo(get_value(settings, name) if key else f"{name} = {get_value(settings, name)}")


# ignore_unknown_options: `config set timeout -5` reaches the validator (a clear line), not
# click's "No such option: -5".
@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    key: Annotated[str, typer.Argument(help=KEYS_HELP)],
    value: Annotated[str, typer.Argument(help="The new value; a wrong one is refused with what is allowed.")],
) -> None:
    """Change a setting, e.g. `aieng config set model qwen2.5:7b`."""
    from ..settings import get_value, set_value

    updated = set_value(key, value)
    typer.echo(f"{key} = {get_value(updated, key)}")


@config_app.command("path")
def config_path() -> None:
    """Print where the settings file lives."""
    from ..paths import config_file

    typer.echo(str(config_file()))
