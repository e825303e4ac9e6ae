"""Pull a JSON object out of a model reply and check it against a small JSON Schema subset."""

from typing import Any


def extract_json(text: str) -> Any:
    """The first complete JSON object in text."""
    # TODO
    raise NotImplementedError


def validate(value: Any, schema: dict, path: str = "$") -> list[str]:
    """Errors as 'path: message' strings; [] when valid."""
    # TODO
    raise NotImplementedError


def parse_reply(text: str, schema: dict) -> tuple[Any, list[str]]:
    """(value, errors) for a raw model reply."""
    # TODO
    raise NotImplementedError
