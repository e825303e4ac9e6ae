"""A typed function becomes a tool: schema from signature and docstring, arguments validated."""

from __future__ import annotations

import pytest
from ollama import Tool as OllamaTool

from {{ cookiecutter.package_name }}.errors import ToolError
from {{ cookiecutter.package_name }}.tools import ToolRegistry, tool
from {{ cookiecutter.package_name }}.tools.registry import parse_docstring

pytestmark = pytest.mark.stage(1)


def scale(values: list[float], factor: float = 2.0, label: str | None = None) -> dict:
    """Multiply every value by a factor.

    Args:
        values: The numbers to scale.
        factor: What to multiply by; defaults to 2.
            A second line continues the description.
        label: Optional name for the result.

    Returns:
        The scaled values.
    """
    return {"label": label, "values": [v * factor for v in values]}


def test_schema_comes_from_signature_and_docstring() -> None:
    schema = tool(scale).schema()
    fn = schema["function"]
    assert schema["type"] == "function"
    assert fn["name"] == "scale"
    assert fn["description"] == "Multiply every value by a factor."
    props = fn["parameters"]["properties"]
    assert props["values"]["type"] == "array" and props["values"]["items"] == {"type": "number"}
    assert props["factor"]["type"] == "number" and props["factor"]["default"] == 2.0
    assert (
        props["factor"]["description"] == "What to multiply by; defaults to 2. A second line continues the description."
    )
    assert props["label"]["description"] == "Optional name for the result."
    assert props["label"]["type"] == "string" and "anyOf" not in props["label"]
    assert fn["parameters"]["required"] == ["values"]


def test_the_ollama_client_accepts_our_schema() -> None:
    parsed = OllamaTool.model_validate(tool(scale).schema())
    assert parsed.function.name == "scale"
    assert set(parsed.function.parameters.properties) == {"values", "factor", "label"}
    assert parsed.function.parameters.required == ["values"]
    assert parsed.function.parameters.properties["label"].type == "string"


def test_arguments_are_validated_and_coerced() -> None:
    t = tool(scale)
    assert t({"values": ["1", 2], "factor": "3"}) == '{"label": null, "values": [3.0, 6.0]}'
    with pytest.raises(ToolError, match="values"):
        t({"factor": 3})
    with pytest.raises(ToolError, match="invalid arguments"):
        t({"values": [1], "surprise": True})


def test_registry_lookup_and_subset() -> None:
    def ping() -> str:
        """Answer pong."""
        return "pong"

    registry = ToolRegistry([scale, ping])
    assert registry.names() == ["scale", "ping"]
    assert registry.get("ping")({}) == "pong"
    with pytest.raises(ToolError, match=r"unknown tool 'nope' \(known: scale, ping\)"):
        registry.get("nope")
    assert registry.subset(["ping", "missing"]).names() == ["ping"]
    with pytest.raises(ValueError, match="twice"):
        registry.register(ping)


def test_untyped_parameters_are_rejected() -> None:
    def bad(x):  # type: ignore[no-untyped-def]
        """No hint."""

    with pytest.raises(TypeError, match="type hint"):
        tool(bad)


def test_dangerous_flag_and_errors_become_tool_errors() -> None:
    @tool(dangerous=True)
    def divide(a: int, b: int) -> float:
        """Divide a by b."""
        return a / b

    assert divide.dangerous
    with pytest.raises(ToolError, match="ZeroDivisionError"):
        divide({"a": 1, "b": 0})


def test_parse_docstring_without_args() -> None:
    assert parse_docstring("Just a summary.\n\nMore text.") == ("Just a summary. More text.", {})
