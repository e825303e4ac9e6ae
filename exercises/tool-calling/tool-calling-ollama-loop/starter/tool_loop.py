"""The tool-calling round trip against an Ollama-compatible /api/chat endpoint."""

import json  # noqa: F401
import urllib.error  # noqa: F401
import urllib.request  # noqa: F401
from collections.abc import Callable
from typing import Any

Tools = dict[str, tuple[Callable[..., Any], str, dict]]


class ModelError(RuntimeError):
    """The model server failed or the loop could not finish."""


def tool_definitions(tools: Tools) -> list[dict]:
    """OpenAI/Ollama-style tool definitions for the request."""
    # TODO
    raise NotImplementedError


def chat(url: str, messages: list[dict], tools: list[dict], model: str = "scripted", timeout: float = 5.0) -> dict:
    """One non-streamed /api/chat call; returns the reply's message."""
    # TODO
    raise NotImplementedError


def run(url: str, question: str, tools: Tools, max_rounds: int = 4) -> str:
    """Ask, execute requested tools, feed results back, return the final answer."""
    # TODO
    raise NotImplementedError
