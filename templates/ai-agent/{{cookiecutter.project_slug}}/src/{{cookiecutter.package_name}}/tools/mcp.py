"""Tools from MCP servers over stdio, with the official `mcp` SDK (the `mcp` extra).

Each server in AGENT_MCP_SERVERS is started as a subprocess; its tools are listed and registered
as `<server>__<tool>` next to the built-ins. They go through the same approval policy, deadlines
and output framing as every other tool: MCP tools are `dangerous` (ask first by default) and their
output is untrusted. The SDK is asynchronous; one background event loop per server keeps its
session open for the run, and each call waits on it with a timeout.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import SettingsError, ToolError
from .registry import Tool

_NAME = re.compile(r"[^A-Za-z0-9_]")
START_TIMEOUT = 30.0


def _field(obj: Any, *names: str) -> Any:
    """mcp 1.x uses camelCase attributes (inputSchema, isError), 2.x snake_case: accept both."""
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None


def result_text(result: Any) -> str:
    """The text of a CallToolResult; an error result becomes a ToolError for the model."""
    parts = []
    for block in _field(result, "content") or []:
        text = getattr(block, "text", None)
        parts.append(text if isinstance(text, str) else f"[{getattr(block, 'type', 'content')} omitted]")
    text = "\n".join(parts)
    if _field(result, "is_error", "isError"):
        raise ToolError(f"MCP tool error: {text[:500]}")
    return text


class MCPServer:
    """One stdio MCP server and its open session, driven from a background event loop."""

    def __init__(self, name: str, command: Sequence[str], log: Path | None = None, timeout: float = 30.0) -> None:
        if not command:
            raise SettingsError(f"AGENT_MCP_SERVERS: server {name!r} has an empty command")
        self.name, self.command, self.log, self.timeout = name, list(command), log, timeout
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True, name=f"mcp-{name}")
        self._stop: asyncio.Event | None = None
        self._session: Any = None
        self._served: concurrent.futures.Future[None] | None = None

    def start(self) -> list[Tool]:
        """Start the server, initialise the session and return its tools (ToolError when it cannot)."""
        try:
            from mcp import ClientSession, StdioServerParameters
            from mcp.client.stdio import stdio_client
        except ImportError:
            raise SettingsError('MCP servers need the mcp SDK: pip install -e ".[mcp]"') from None
        self._thread.start()
        ready: concurrent.futures.Future[list[Any]] = concurrent.futures.Future()
        params = StdioServerParameters(command=self.command[0], args=self.command[1:])

        async def serve() -> None:
            # One task opens and closes the transport: anyio cancel scopes must exit where they entered.
            self._stop = asyncio.Event()
            errlog = self.log.open("a", encoding="utf-8") if self.log else None
            try:
                async with stdio_client(params, **({"errlog": errlog} if errlog else {})) as (read, write):
                    async with ClientSession(read, write) as session:
                        await session.initialize()
                        listed = await session.list_tools()
                        self._session = session
                        ready.set_result(list(_field(listed, "tools") or []))
                        await self._stop.wait()
            except BaseException as e:  # reported to start() instead of dying silently in the thread
                if not ready.done():
                    ready.set_exception(e)
            finally:
                if errlog:
                    errlog.close()

        self._served = asyncio.run_coroutine_threadsafe(serve(), self.loop)
        try:
            tools = ready.result(timeout=START_TIMEOUT)
        except Exception as e:
            self.close()
            raise SettingsError(f"MCP server {self.name!r} ({' '.join(self.command)}) did not start: {e}") from None
        return [self._tool(t) for t in tools]

    def _tool(self, spec: Any) -> Tool:
        remote = str(_field(spec, "name"))
        schema = dict(_field(spec, "input_schema", "inputSchema") or {"type": "object", "properties": {}})
        schema.setdefault("properties", {})
        schema.setdefault("required", [])

        def call(arguments: dict[str, Any]) -> str:
            return self.call(remote, arguments)

        return Tool(
            name=_NAME.sub("_", f"{self.name}__{remote}")[:64],
            description=str(_field(spec, "description") or remote)[:1000],
            fn=call,
            dangerous=True,
            untrusted_output=True,
            raw_schema=schema,
            source=f"mcp:{self.name}",
        )

    def call(self, tool: str, arguments: Mapping[str, Any]) -> str:
        if self._session is None:
            raise ToolError(f"MCP server {self.name!r} is not running")
        future = asyncio.run_coroutine_threadsafe(self._session.call_tool(tool, dict(arguments)), self.loop)
        try:
            return result_text(future.result(timeout=self.timeout))
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ToolError(f"MCP tool {tool!r} did not answer within {self.timeout:g}s") from None

    def close(self) -> None:
        """Ask the serving task to leave its contexts (which stops the subprocess), then stop the loop."""
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        if self._served is not None:
            try:
                self._served.result(timeout=10)
            except Exception:  # closing is best effort: the process dies with us anyway
                pass
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
        self._session = None


@contextmanager
def mcp_tools(servers: Mapping[str, Sequence[str]], log_dir: Path | None = None) -> Iterator[list[Tool]]:
    """Start every configured server, yield all their tools, and stop the servers afterwards."""
    started: list[MCPServer] = []
    tools: list[Tool] = []
    try:
        for name, command in servers.items():
            log = log_dir / f"mcp-{_NAME.sub('_', name)}.log" if log_dir else None
            server = MCPServer(name, command, log)
            tools += server.start()
            started.append(server)
        yield tools
    finally:
        for server in started:
            server.close()
