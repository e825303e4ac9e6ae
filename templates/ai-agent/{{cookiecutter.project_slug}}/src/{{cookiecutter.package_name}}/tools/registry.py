"""Tool registry: a typed Python function becomes a tool, its JSON schema read from signature and docstring."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ..errors import ToolError

_SECTION = re.compile(r"^\s*(Args|Arguments|Parameters|Returns|Raises|Yields|Example|Examples):\s*$")
_ARG_LINE = re.compile(r"^\s*(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into (description, {argument: description})."""
    lines = inspect.cleandoc(doc or "").splitlines()
    summary: list[str] = []
    args: dict[str, str] = {}
    section, current, indent = "", "", -1
    for line in lines:
        if m := _SECTION.match(line):
            section, current, indent = m.group(1), "", -1
            continue
        if not section:
            summary.append(line.strip())
        elif section in ("Args", "Arguments", "Parameters") and line.strip():
            depth = len(line) - len(line.lstrip())
            m = _ARG_LINE.match(line)
            if m and (indent < 0 or depth <= indent):  # deeper lines continue the previous arg
                current, indent = m.group(1), depth
                args[current] = m.group(2).strip()
            elif current:
                args[current] = f"{args[current]} {line.strip()}".strip()
    return " ".join(s for s in summary if s).strip(), args


@dataclass
class Tool:
    """A callable the model may use. `dangerous` tools ask the user before they run."""

    name: str
    description: str
    fn: Callable[..., Any]
    args_model: type[BaseModel]
    dangerous: bool = False

    @property
    def parameters(self) -> dict[str, Any]:
        schema = self.args_model.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
            # ollama's Tool model keeps only type/items/description/enum per property, so an
            # Optional[X] (anyOf X|null) would lose its type: flatten it to X.
            options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
            if len(options) == 1:
                del prop["anyOf"]
                prop.update(options[0])
        schema.setdefault("required", [])
        return schema

    def schema(self) -> dict[str, Any]:
        """The dict that ollama's `tools=` accepts."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }

    def __call__(self, arguments: dict[str, Any]) -> str:
        try:
            args = self.args_model.model_validate(arguments or {})
        except ValidationError as e:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}" for err in e.errors()
            )
            raise ToolError(f"{self.name}: invalid arguments ({problems})") from None
        try:
            result = self.fn(**args.model_dump())
        except ToolError:
            raise
        except (OSError, ValueError, TypeError, ArithmeticError, LookupError) as e:
            raise ToolError(f"{self.name} failed: {type(e).__name__}: {e}") from None
        return result if isinstance(result, str) else json.dumps(result, default=str)


def tool(fn: Callable[..., Any] | None = None, *, name: str | None = None, dangerous: bool = False):
    """Make a `Tool` from a typed function: `@tool` or `@tool(dangerous=True)`."""

    def wrap(f: Callable[..., Any]) -> Tool:
        description, arg_docs = parse_docstring(f.__doc__)
        fields: dict[str, Any] = {}
        for pname, param in inspect.signature(f).parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise TypeError(f"{f.__name__}: *args/**kwargs cannot become tool parameters")
            if param.annotation is inspect.Parameter.empty:
                raise TypeError(f"{f.__name__}: parameter {pname!r} needs a type hint")
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[pname] = (param.annotation, Field(default, description=arg_docs.get(pname, "")))
        model = create_model(  # type: ignore[call-overload]
            f"{f.__name__}_args", __config__=ConfigDict(extra="forbid"), **fields
        )
        return Tool(name or f.__name__, description or f.__name__, f, model, dangerous)

    return wrap(fn) if fn is not None else wrap


class ToolRegistry:
    """Tools by name, in registration order."""

    def __init__(self, tools: Iterable[Tool | Callable[..., Any]] = ()) -> None:
        self._tools: dict[str, Tool] = {}
        for t in tools:
            self.register(t)

    def register(self, t: Tool | Callable[..., Any]) -> Tool:
        item = t if isinstance(t, Tool) else tool(t)
        if item.name in self._tools:
            raise ValueError(f"tool {item.name!r} is registered twice")
        self._tools[item.name] = item
        return item

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            known = ", ".join(self._tools) or "none"
            raise ToolError(f"unknown tool {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return list(self._tools)

    def schemas(self) -> list[dict[str, Any]]:
        return [t.schema() for t in self._tools.values()]

    def subset(self, names: Iterable[str]) -> ToolRegistry:
        """A registry holding only the named tools that exist here (for specialist agents)."""
        return ToolRegistry(self._tools[n] for n in names if n in self._tools)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __len__(self) -> int:
        return len(self._tools)
