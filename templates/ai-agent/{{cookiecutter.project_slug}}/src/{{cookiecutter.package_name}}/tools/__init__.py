"""Built-in tools and the registry that turns typed functions into tools."""

from __future__ import annotations

from ..memory.long_term import LongTermMemory
from .calculator import calculator
from .files import Workspace, file_tools
from .http import http_tools
from .memory_tools import memory_tools
from .registry import Tool, ToolRegistry, tool


def builtin_registry(
    workspace: Workspace, memory: LongTermMemory | None, http_allow: list[str] | None = None
) -> ToolRegistry:
    """Calculator, workspace files, memory search and (only with an allow-list) http_get."""
    registry = ToolRegistry([tool(calculator), *file_tools(workspace)])
    if memory is not None:
        for t in memory_tools(memory):
            registry.register(t)
    for t in http_tools(http_allow or []):
        registry.register(t)
    return registry


__all__ = ["Tool", "ToolRegistry", "Workspace", "builtin_registry", "tool"]
