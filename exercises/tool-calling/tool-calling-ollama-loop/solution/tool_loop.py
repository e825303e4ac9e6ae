"""The tool-calling round trip against an Ollama-compatible /api/chat endpoint."""

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

Tools = dict[str, tuple[Callable[..., Any], str, dict]]


class ModelError(RuntimeError):
    """The model server failed or the loop could not finish."""


def tool_definitions(tools: Tools) -> list[dict]:
    """OpenAI/Ollama-style tool definitions for the request."""
    return [
        {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}
        for name, (_, description, parameters) in tools.items()
    ]


def chat(url: str, messages: list[dict], tools: list[dict], model: str = "scripted", timeout: float = 5.0) -> dict:
    """One non-streamed /api/chat call; returns the reply's message."""
    body = {"model": model, "messages": messages, "tools": tools, "stream": False}
    request = urllib.request.Request(
        url.rstrip("/") + "/api/chat", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)["message"]
    except urllib.error.HTTPError as err:
        raise ModelError(f"model server answered HTTP {err.code}") from err
    except (urllib.error.URLError, TimeoutError) as err:
        raise ModelError(f"model server unreachable: {err}") from err


def _run_tool(tools: Tools, name: str, arguments: dict) -> str:
    if name not in tools:
        return f"error: unknown tool {name}"
    result = tools[name][0](**arguments)
    return result if isinstance(result, str) else json.dumps(result)


def run(url: str, question: str, tools: Tools, max_rounds: int = 4) -> str:
    """Ask, execute requested tools, feed results back, return the final answer."""
    messages: list[dict] = [{"role": "user", "content": question}]
    definitions = tool_definitions(tools)
    for _ in range(max_rounds):
        message = chat(url, messages, definitions)
        calls = message.get("tool_calls") or []
        if not calls:
            return message.get("content", "")
        messages.append(message)
        for call in calls:
            name = call["function"]["name"]
            content = _run_tool(tools, name, call["function"].get("arguments") or {})
            messages.append({"role": "tool", "tool_name": name, "content": content})
    raise ModelError(f"still calling tools after {max_rounds} rounds")
