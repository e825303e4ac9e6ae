"""Structured extraction with schema validation, error feedback and a bounded number of retries."""

import json
import urllib.error
import urllib.request
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


def _chat(url: str, messages: list[dict], schema: dict) -> str:
    body = {"model": "scripted", "messages": messages, "format": schema, "stream": False, "options": {"temperature": 0}}
    request = urllib.request.Request(
        url.rstrip("/") + "/api/chat", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)["message"]["content"]
    except urllib.error.HTTPError as err:
        raise ExtractionError(f"model server answered HTTP {err.code}") from err
    except (urllib.error.URLError, TimeoutError) as err:
        raise ExtractionError(f"model server unreachable: {err}") from err


def extract(url: str, text: str, schema: dict, max_attempts: int = 3) -> dict:
    """Ask, validate, feed errors back, retry; return the outcome."""
    messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]
    errors: list[str] = []
    for attempt in range(1, max_attempts + 1):
        content = _chat(url, messages, schema)
        try:
            value = json.loads(content)
        except ValueError:
            errors = ["$: not valid JSON"]
        else:
            errors = check(value, schema)
            if not errors:
                return {"ok": True, "value": value, "attempts": attempt, "errors": []}
        messages = [
            *messages,
            {"role": "assistant", "content": content},
            {"role": "user", "content": feedback_message(errors)},
        ]
    return {"ok": False, "value": None, "attempts": max_attempts, "errors": errors}
