"""Message handling for a minimal tools-only MCP server (JSON-RPC 2.0)."""

import json  # noqa: F401
from typing import Any

SUPPORTED_VERSIONS = ("2025-06-18", "2025-03-26", "2024-11-05")  # newest first
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


def handle(raw: str, tools: dict[str, dict[str, Any]]) -> dict | None:
    """The response to one incoming message, or None for a notification."""
    # TODO
    raise NotImplementedError
