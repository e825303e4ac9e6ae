"""Approval policy per tool: always, ask or never. Asking goes to a person through a callback."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .registry import Tool

Confirm = Callable[[str, dict[str, Any]], bool]
POLICIES = ("always", "ask", "never")


class Approval:
    """Decides whether a tool call may run.

    The policy of a tool is its own entry in `policies`, else the `*` entry, else `ask` for dangerous
    tools and `always` for the rest. `yes` answers every `ask` with yes (`agent run --yes`); it never
    overrides `never`. With `ask` and nobody to ask (`confirm` is None), the call is refused.
    """

    def __init__(self, policies: Mapping[str, str] | None = None, confirm: Confirm | None = None, yes: bool = False):
        self.policies = dict(policies or {})
        for name, policy in self.policies.items():
            if policy not in POLICIES:
                raise ValueError(f"approval for {name!r} must be always, ask or never, not {policy!r}")
        self.confirm, self.yes = confirm, yes

    def policy(self, t: Tool) -> str:
        if t.name in self.policies:
            return self.policies[t.name]
        if "*" in self.policies:
            return self.policies["*"]
        return "ask" if t.dangerous else "always"

    def refusal(self, t: Tool, arguments: dict[str, Any]) -> str | None:
        """None when the call may run, else why it may not (a message for the model and the trace)."""
        policy = self.policy(t)
        if policy == "always" or (policy == "ask" and self.yes):
            return None
        if policy == "never":
            return f"{t.name} is not allowed by the approval policy (never); do not call it again"
        if self.confirm is None:
            return f"{t.name} needs confirmation and nobody could confirm (use --yes or --approve {t.name}=always)"
        if self.confirm(t.name, arguments):
            return None
        return f"{t.name} needs confirmation and was not allowed by the user"
