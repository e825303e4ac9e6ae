"""Parse, repair and validate model-generated tool arguments before running a tool."""

import json
import re
from collections.abc import Callable
from typing import Any

_FENCE = re.compile(r"^```[a-zA-Z]*\s*(.*?)\s*```$", re.S)


class ToolArgumentError(ValueError):
    """The arguments are not a JSON object."""


def parse_arguments(raw: str | dict) -> dict:
    """A dict from a dict or a (possibly fenced) JSON string."""
    if isinstance(raw, dict):
        return dict(raw)
    text = raw.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except ValueError as err:
        raise ToolArgumentError(f"arguments are not valid JSON: {err}") from err
    if not isinstance(value, dict):
        raise ToolArgumentError("arguments must be a JSON object")
    return value


def _coerce(value: Any, spec: dict) -> Any:
    kind = spec.get("type")
    if isinstance(value, str):
        text = value.strip()
        if kind == "integer":
            try:
                number = float(text)
            except ValueError:
                return value
            return int(number) if number.is_integer() else value
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                return value
        if kind == "boolean" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if "enum" in spec:
            for option in spec["enum"]:
                if isinstance(option, str) and option.lower() == text.lower():
                    return option
    return value


def repair(args: dict, schema: dict) -> dict:
    """Unambiguous fixes only; returns a new dict."""
    props = schema.get("properties", {})
    fixed: dict = {}
    for name, value in args.items():
        if name in props:
            fixed[name] = _coerce(value, props[name])
        elif schema.get("additionalProperties", True) is not False:
            fixed[name] = value
    for name, spec in props.items():
        if name not in fixed and name not in schema.get("required", []) and "default" in spec:
            fixed[name] = spec["default"]
    return fixed


def _type_ok(value: Any, kind: str | None) -> bool:
    if kind is None:
        return True
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, {"string": str, "boolean": bool, "array": list, "object": dict}[kind])


def validate(args: dict, schema: dict) -> list[str]:
    """'<property>: <problem>' strings; [] when valid."""
    props = schema.get("properties", {})
    errors = [f"{name}: is required" for name in schema.get("required", []) if name not in args]
    for name, value in args.items():
        spec = props.get(name)
        if spec is None:
            if schema.get("additionalProperties", True) is False:
                errors.append(f"{name}: unexpected property")
            continue
        if not _type_ok(value, spec.get("type")):
            errors.append(f"{name}: expected {spec['type']}, got {json.dumps(value)}")
            continue
        if "enum" in spec and value not in spec["enum"]:
            errors.append(f"{name}: must be one of {spec['enum']}")
        if "pattern" in spec and isinstance(value, str) and not re.search(spec["pattern"], value):
            errors.append(f"{name}: must match {spec['pattern']}")
        if "minimum" in spec and value < spec["minimum"]:
            errors.append(f"{name}: must be >= {spec['minimum']}")
        if "maximum" in spec and value > spec["maximum"]:
            errors.append(f"{name}: must be <= {spec['maximum']}")
    return errors


def handle_call(call: dict, tools: dict[str, tuple[Callable[..., Any], dict]]) -> dict:
    """A tool message with the result or an error the model can act on."""
    name = call["name"]

    def reply(content: str) -> dict:
        return {"role": "tool", "tool_call_id": call["id"], "content": content}

    if name not in tools:
        return reply(f"Unknown tool: {name}. Available: {', '.join(sorted(tools))}")
    function, schema = tools[name]
    try:
        args = repair(parse_arguments(call["arguments"]), schema)
    except ToolArgumentError as err:
        return reply(f"Invalid arguments for {name}: {err}")
    errors = validate(args, schema)
    if errors:
        return reply(f"Invalid arguments for {name}: " + "; ".join(errors))
    return reply(json.dumps(function(**args)))
