"""Structured extraction with schema validation, error feedback and a bounded number of retries."""

import json  # noqa: F401
import urllib.error  # noqa: F401
import urllib.request  # noqa: F401
from typing import Any

SYSTEM_PROMPT = "Extract the requested fields from the user's text. Reply with JSON only."


class ExtractionError(RuntimeError):
    """The model server could not be used."""


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    return isinstance(value, kinds[kind])


def check(value: Any, schema: dict, path: str = "$") -> list[str]:
    """A small JSON Schema subset: type, enum, properties, required, additionalProperties (given)."""
    expected = schema.get("type")
    if expected is not None:
        kinds = expected if isinstance(expected, list) else [expected]
        if not any(_is(value, kind) for kind in kinds):
            return [f"{path}: expected {' or '.join(kinds)}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: must be one of {schema['enum']}"]
    errors: list[str] = []
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}.{name}: required property is missing")
        for name, item in value.items():
            if name in schema.get("properties", {}):
                errors += check(item, schema["properties"][name], f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{name}: unexpected property")
    return errors


def feedback_message(errors: list[str]) -> str:
    """What the model is told after an invalid reply (given)."""
    return "Your reply did not match the schema: " + "; ".join(errors) + ". Reply again with only the corrected JSON."


def extract(url: str, text: str, schema: dict, max_attempts: int = 3) -> dict:
    """Ask, validate, feed errors back, retry; return the outcome."""
    # TODO
    raise NotImplementedError
