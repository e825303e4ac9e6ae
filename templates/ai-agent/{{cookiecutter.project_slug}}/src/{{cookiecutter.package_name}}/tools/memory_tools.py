"""Tools over long-term memory: the model can store a fact and search what it knows.

A fact the model stores after the run has read untrusted output (a file, a web page, an MCP
tool) may have been planted there: it is kept in quarantine, with its provenance, until a person
approves it with `agent memory approve ID`. Quarantined facts are never recalled into prompts.
"""

from __future__ import annotations

from ..memory.long_term import LongTermMemory
from .registry import Tool, tool
from .runner import Provenance


def memory_tools(memory: LongTermMemory, provenance: Provenance) -> list[Tool]:
    """`remember` and `search_memory`, both bound to `memory`."""

    @tool
    def remember(fact: str) -> str:
        """Store a fact in long-term memory so that later runs can recall it.

        Args:
            fact: One self-contained sentence, e.g. "The project codename is Bluebird."
        """
        if provenance.tainted:
            fact_id = memory.add(fact, source="agent", status="pending", provenance=provenance.describe())
            return (
                f"fact #{fact_id} is kept in quarantine: this run has read untrusted output "
                f"({provenance.describe()}), so a person must approve it first"
            )
        fact_id = memory.add(fact, source="agent", provenance="the user's goal")
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
