"""Short-term memory: the recent messages of a run, summarised when they outgrow their budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ModelError, ModelUnavailable

Summariser = Callable[[str], str]


class ShortTermMemory:
    """A message window of at most `budget_chars` characters; older messages fold into a summary."""

    def __init__(self, budget_chars: int = 8000, keep_last: int = 4, summarise: Summariser | None = None) -> None:
        self.budget_chars = budget_chars
        self.keep_last = keep_last
        self.summarise = summarise
        self._messages: list[dict[str, Any]] = []
        self.summaries = 0

    def messages(self) -> list[dict[str, Any]]:
        return list(self._messages)

    def size(self) -> int:
        return sum(len(str(m.get("content", ""))) for m in self._messages)

    # aieng:stage 4 begin "Memory"
    def add(self, role: str, content: str) -> bool:
        """Append a message; return True when this folded older messages into a summary."""
        self._messages.append({"role": role, "content": content})
        if self.size() <= self.budget_chars or len(self._messages) <= self.keep_last + 1:
            return False
        older, recent = self._messages[: -self.keep_last], self._messages[-self.keep_last :]
        transcript = "\n".join(f"{m['role']}: {m['content']}" for m in older)
        summary = self._summary(transcript)
        self._messages = [{"role": "system", "content": f"Summary of earlier steps: {summary}"}, *recent]
        self.summaries += 1
        return True
    # aieng:stage 4 stub
    def add(self, role: str, content: str) -> bool:
        """Append a message; return True when this folded older messages into a summary.

        While the window holds at most `budget_chars` characters (`size()`), or no more than
        `keep_last + 1` messages, just append. Past that, fold every message but the last
        `keep_last` into one system message "Summary of earlier steps: ..." made by `_summary` from
        a "role: content" transcript, count it in `summaries` and return True. See STAGES.md, stage 4.
        """
        raise NotImplementedError("stage 4: append, and fold older messages into a summary past the budget")
    # aieng:stage 4 end

    def _summary(self, transcript: str) -> str:
        limit = max(200, self.budget_chars // 3)
        text = ""
        if self.summarise is not None:
            try:
                text = self.summarise(transcript).strip()
            except (ModelUnavailable, ModelError):
                text = ""
        if not text:  # no model, or it failed: keep the tail of the transcript
            text = "…" + transcript[-limit:]
        return text[:limit]
