"""Tools over long-term memory: the model can store a fact and search what it knows."""

from __future__ import annotations

from ..memory.long_term import LongTermMemory
from .registry import Tool, tool


def memory_tools(memory: LongTermMemory) -> list[Tool]:
    """`remember` and `search_memory`, both bound to `memory`."""

    @tool
    def remember(fact: str) -> str:
        """Store a fact in long-term memory so that later runs can recall it.

        Args:
            fact: One self-contained sentence, e.g. "The project codename is Bluebird."
        """
        fact_id = memory.add(fact, source="agent")
        return f"remembered fact #{fact_id}"

    @tool
    def search_memory(query: str, limit: int = 5) -> str:
        """Search long-term memory for facts related to a query.

        Args:
            query: What to look for, in a few words.
            limit: Most facts to return (1-20).
        """
        hits = memory.search(query, limit=max(1, min(limit, 20)))
        if not hits:
            return "no matching facts in memory"
        return "\n".join(f"- {h.text} (#{h.id}, {h.method})" for h in hits)

    return [remember, search_memory]
