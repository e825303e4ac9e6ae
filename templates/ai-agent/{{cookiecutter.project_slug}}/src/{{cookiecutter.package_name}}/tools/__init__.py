"""Built-in tools, the registry that turns typed functions into tools, approval and the call runner."""

from __future__ import annotations

from ..memory.long_term import LongTermMemory
from .calculator import calculator
from .files import Workspace, file_tools
from .http import http_tools
from .memory_tools import memory_tools
from .registry import Tool, ToolRegistry, tool
from .runner import Provenance


def builtin_registry(
    workspace: Workspace,
    memory: LongTermMemory | None,
    http_allow: list[str] | None = None,
    *,
    provenance: Provenance | None = None,
    allow_private: bool = False,
) -> ToolRegistry:
    """Calculator, workspace files, memory search and (only with an allow-list) http_get."""
    registry = ToolRegistry([tool(calculator), *file_tools(workspace)])
    if memory is not None:
        for t in memory_tools(memory, provenance or Provenance()):
            registry.register(t)
    for t in http_tools(http_allow or [], allow_private=allow_private):
        registry.register(t)
    return registry


__all__ = ["Provenance", "Tool", "ToolRegistry", "Workspace", "builtin_registry", "tool"]
