"""Message handling for a minimal tools-only MCP server (JSON-RPC 2.0)."""

import json
from typing import Any

SUPPORTED_VERSIONS = ("2025-06-18", "2025-03-26", "2024-11-05")  # newest first
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


def _error(id_: Any, code: int, message: str) -> dict:
    return {"jsonrpc": "2.0", "id": id_, "error": {"code": code, "message": message}}


def _result(id_: Any, result: dict) -> dict:
    return {"jsonrpc": "2.0", "id": id_, "result": result}


def _text(text: str, is_error: bool) -> dict:
    return {"content": [{"type": "text", "text": text}], "isError": is_error}


def _call_tool(id_: Any, params: Any, tools: dict[str, dict[str, Any]]) -> dict:
    if not isinstance(params, dict) or not isinstance(params.get("name"), str):
        return _error(id_, INVALID_PARAMS, "tools/call needs a tool name")
    tool = tools.get(params["name"])
    if tool is None:
        return _error(id_, INVALID_PARAMS, f"Unknown tool: {params['name']}")
    arguments = params.get("arguments") or {}
    missing = [n for n in tool["inputSchema"].get("required", []) if n not in arguments]
    if missing:
        return _result(id_, _text(f"Missing required argument(s): {', '.join(missing)}", True))
    try:
        value = tool["fn"](**arguments)
    except Exception as err:  # reported to the model as a tool execution error
        return _result(id_, _text(f"{type(err).__name__}: {err}", True))
    return _result(id_, _text(value if isinstance(value, str) else json.dumps(value), False))


def handle(raw: str, tools: dict[str, dict[str, Any]]) -> dict | None:
    """The response to one incoming message, or None for a notification."""
    try:
        message = json.loads(raw)
    except ValueError:
        return _error(None, PARSE_ERROR, "Parse error")
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
        return _error(None, INVALID_REQUEST, "Invalid Request")
    if "id" not in message:
        return None
    id_, method, params = message["id"], message["method"], message.get("params")
    if method == "initialize":
        asked = params.get("protocolVersion") if isinstance(params, dict) else None
        version = asked if asked in SUPPORTED_VERSIONS else SUPPORTED_VERSIONS[0]
        return _result(
            id_,
            {
                "protocolVersion": version,
                "capabilities": {"tools": {"listChanged": False}},
                "serverInfo": {"name": "demo", "version": "1.0.0"},
            },
        )
    if method == "ping":
        return _result(id_, {})
    if method == "tools/list":
        listed = [
            {"name": n, "description": t["description"], "inputSchema": t["inputSchema"]} for n, t in tools.items()
        ]
        return _result(id_, {"tools": listed})
    if method == "tools/call":
        return _call_tool(id_, params, tools)
    return _error(id_, METHOD_NOT_FOUND, f"Method not found: {method}")
