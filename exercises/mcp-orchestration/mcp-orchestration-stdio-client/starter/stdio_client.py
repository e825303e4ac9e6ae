"""A minimal MCP client speaking JSON-RPC 2.0 to a server subprocess over stdio."""

import json  # noqa: F401
import subprocess  # noqa: F401
from typing import Any

PROTOCOL_VERSION = "2025-06-18"


class MCPError(RuntimeError):
    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class StdioClient:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.notifications: list[dict] = []
        # TODO: the process and the next request id

    def start(self) -> None:
        # TODO
        raise NotImplementedError

    def request(self, method: str, params: dict | None = None) -> Any:
        # TODO
        raise NotImplementedError

    def notify(self, method: str, params: dict | None = None) -> None:
        # TODO
        raise NotImplementedError

    def initialize(self) -> dict:
        # TODO
        raise NotImplementedError

    def list_tools(self) -> list[dict]:
        # TODO
        raise NotImplementedError

    def call_tool(self, name: str, arguments: dict) -> dict:
        # TODO
        raise NotImplementedError

    def close(self) -> None:
        # TODO
        raise NotImplementedError
