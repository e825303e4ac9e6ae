"""Parse, repair and validate model-generated tool arguments before running a tool."""

from collections.abc import Callable
from typing import Any


class ToolArgumentError(ValueError):
    """The arguments are not a JSON object."""


def parse_arguments(raw: str | dict) -> dict:
    """A dict from a dict or a (possibly fenced) JSON string."""
    # TODO
    raise NotImplementedError


def repair(args: dict, schema: dict) -> dict:
    """Unambiguous fixes only; returns a new dict."""
    # TODO
    raise NotImplementedError


def validate(args: dict, schema: dict) -> list[str]:
    """'<property>: <problem>' strings; [] when valid."""
    # TODO
    raise NotImplementedError


def handle_call(call: dict, tools: dict[str, tuple[Callable[..., Any], dict]]) -> dict:
    """A tool message with the result or an error the model can act on."""
    # TODO
    raise NotImplementedError
