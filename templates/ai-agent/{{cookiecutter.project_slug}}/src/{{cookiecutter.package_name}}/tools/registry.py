"""Tool registry: a typed Python function becomes a tool, its JSON schema read from signature and docstring."""

from __future__ import annotations
# aieng:stage 1 begin "Tool registry"

import inspect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ..errors import ToolError

_SECTION = re.compile(r"^\s*(Args|Arguments|Parameters|Returns|Raises|Yields|Example|Examples):\s*$")
_ARG_LINE = re.compile(r"^\s*(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
# aieng:stage 1 stub

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from ..errors import ToolError
# aieng:stage 1 end


# aieng:stage 1 begin
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
# aieng:stage 1 stub
def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into (description, {argument: description}).

    The description is the text before the first section header (`Args:`, `Returns:`, ...), its
    lines joined by single spaces. Under `Args:` (or `Arguments:`/`Parameters:`) each `name: text`
    or `name (type): text` line starts an argument; a more deeply indented line continues the
    previous one. Other sections are skipped. See STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: split the docstring into a description and per-argument texts")
# aieng:stage 1 end


@dataclass
class Tool:
    """A callable the model may use.

    `dangerous` tools ask before they run (see approval.py); `untrusted_output` marks tools whose
    output comes from outside (files, the web, MCP servers): text the model must treat as data.
    A tool built from a JSON schema (MCP) has `raw_schema` instead of a pydantic `args_model`.
    """

    name: str
    description: str
    fn: Callable[..., Any]
    args_model: type[BaseModel] | None = None
    dangerous: bool = False
    untrusted_output: bool = False
    raw_schema: dict[str, Any] | None = None
    source: str = "builtin"

    @cached_property
    def parameters(self) -> dict[str, Any]:
        if self.args_model is None:
            return dict(self.raw_schema or {"type": "object", "properties": {}, "required": []})
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

    def signature(self) -> str:
        """The expected arguments in one line, sent back with a validation error so the model can fix its call."""
        params = self.parameters
        required = set(params.get("required", []))
        parts = [
            f"{n} ({p.get('type', 'any')}{', required' if n in required else ''})"
            for n, p in params.get("properties", {}).items()
        ]
        return ", ".join(parts) or "no arguments"

    # aieng:stage 1 begin
    def __call__(self, arguments: dict[str, Any]) -> str:
        """Validate and run; every failure, whatever its type, becomes a ToolError for the model."""
        if not isinstance(arguments, dict):
            raise ToolError(f"{self.name}: arguments must be an object. Expected: {self.signature()}")
        if self.args_model is not None:
            try:
                kwargs = self.args_model.model_validate(arguments).model_dump()
            except ValidationError as e:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}" for err in e.errors()[:5]
                )
                raise ToolError(f"{self.name}: invalid arguments ({problems}). Expected: {self.signature()}") from None
            call: Callable[[], Any] = lambda: self.fn(**kwargs)  # noqa: E731
        else:
            _check_raw(self, arguments)
            call = lambda: self.fn(arguments)  # noqa: E731
        try:
            result = call()
        except ToolError:
            raise
        except RecursionError:
            raise ToolError(f"{self.name} failed: input nested too deeply") from None
        except Exception as e:  # a tool is outside code: its failure is a message for the model, not a crash
            raise ToolError(f"{self.name} failed: {type(e).__name__}: {str(e)[:300]}") from None
        return result if isinstance(result, str) else json.dumps(result, default=str)
    # aieng:stage 1 stub
    def __call__(self, arguments: dict[str, Any]) -> str:
        """Validate and run; every failure, whatever its type, becomes a ToolError for the model.

        Arguments that are not a dict, or that `args_model` rejects (missing, mistyped or unknown
        arguments), raise a ToolError saying what is wrong and ending with
        `Expected: {self.signature()}`, so the model can fix its call. A tool without `args_model`
        (an MCP tool) is checked with `_check_raw` and called as `fn(arguments)`. A ToolError from
        the function passes through; any other exception becomes ToolError("NAME failed: Type:
        message"). A result that is not a string is returned as JSON. See STAGES.md, stage 1.
        """
        raise NotImplementedError("stage 1: validate the arguments, run the tool, turn failures into ToolError")
    # aieng:stage 1 end


def _check_raw(t: Tool, arguments: dict[str, Any]) -> None:
    params = t.parameters
    missing = [n for n in params.get("required", []) if n not in arguments]
    known = params.get("properties", {})
    extra = [n for n in arguments if known and n not in known]
    if missing or extra:
        what = "; ".join([*(f"{n}: Field required" for n in missing), *(f"{n}: unknown argument" for n in extra)])
        raise ToolError(f"{t.name}: invalid arguments ({what}). Expected: {t.signature()}")


# aieng:stage 1 begin
def tool(
    fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    dangerous: bool = False,
    untrusted_output: bool = False,
) -> Any:
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
        model = create_model(f"{f.__name__}_args", __config__=ConfigDict(extra="forbid"), **fields)
        return Tool(name or f.__name__, description or f.__name__, f, model, dangerous, untrusted_output)

    return wrap(fn) if fn is not None else wrap
# aieng:stage 1 stub
def tool(
    fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    dangerous: bool = False,
    untrusted_output: bool = False,
) -> Any:
    """Make a `Tool` from a typed function: `@tool` or `@tool(dangerous=True)`.

    The tool's description is the docstring's (`parse_docstring`), its name the function's unless
    `name` is given. Every parameter becomes a field of a pydantic model (`create_model`, with
    `extra="forbid"`): its type from the annotation, its default (required when there is none) and
    its description from the docstring's Args. A parameter without a type hint, or `*args` /
    `**kwargs`, raises TypeError naming the function. See STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: build the tool's argument model from the signature and docstring")
# aieng:stage 1 end


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
