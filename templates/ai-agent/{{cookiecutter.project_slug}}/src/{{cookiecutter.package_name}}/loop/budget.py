"""Execution budgets: steps, tool calls and wall time, shared by every agent of a run."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import BudgetExceeded


@dataclass
class Budget:
    """Counts what a run uses and raises BudgetExceeded the moment a limit is crossed."""

    max_steps: int = 8
    max_tool_calls: int = 20
    max_seconds: float = 300.0
    clock: Callable[[], float] = time.monotonic
    steps: int = 0
    tool_calls: int = 0
    started: float | None = field(default=None)

    def start(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    def check_time(self) -> None:
        if self.elapsed() > self.max_seconds:
            raise BudgetExceeded(f"wall-time budget of {self.max_seconds:g}s used up")

    def use_step(self) -> None:
        self.check_time()
        if self.steps >= self.max_steps:
            raise BudgetExceeded(f"step budget of {self.max_steps} used up")
        self.steps += 1

    def use_tool_call(self) -> None:
        self.check_time()
        if self.tool_calls >= self.max_tool_calls:
            raise BudgetExceeded(f"tool-call budget of {self.max_tool_calls} used up")
        self.tool_calls += 1

    def usage(self) -> dict[str, float]:
        return {"steps": self.steps, "tool_calls": self.tool_calls, "seconds": round(self.elapsed(), 3)}
