"""Execution budgets that bind: steps, tool calls, tokens and wall time, shared by every agent of a run."""

from __future__ import annotations

# aieng:stage 5 begin
import threading
# aieng:stage 5 stub
# aieng:stage 5 end
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import BudgetExceeded

T = TypeVar("T")


@dataclass
class Budget:
    """Counts what a run uses and raises BudgetExceeded the moment a limit is crossed."""

    max_steps: int = 8
    max_tool_calls: int = 20
    max_seconds: float = 300.0
    max_tokens: int = 0  # 0: no token limit
    clock: Callable[[], float] = time.monotonic
    steps: int = 0
    tool_calls: int = 0
    tokens: int = 0
    started: float | None = field(default=None)

    def start(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    def remaining(self) -> float:
        """Seconds left of the wall-time budget (never negative)."""
        return max(0.0, self.max_seconds - self.elapsed())

    def check_time(self) -> None:
        if self.elapsed() >= self.max_seconds:
            raise BudgetExceeded(f"wall-time budget of {self.max_seconds:g}s used up")

    # aieng:stage 5 begin
    def check_model_call(self) -> None:
        """Before every model call: time left and tokens left."""
        self.check_time()
        if self.max_tokens and self.tokens >= self.max_tokens:
            raise BudgetExceeded(f"token budget of {self.max_tokens} used up")

    def use_step(self) -> None:
        self.check_time()
        if self.steps >= self.max_steps:
            raise BudgetExceeded(f"step budget of {self.max_steps} used up")
        self.steps += 1
    # aieng:stage 5 stub
    def check_model_call(self) -> None:
        """Before every model call: time left and tokens left.

        Raise BudgetExceeded when the wall time is used up (`check_time`) or, with a token limit
        (`max_tokens` > 0), when `tokens` has reached it. See STAGES.md, stage 5.
        """
        raise NotImplementedError("stage 5: refuse a model call when time or tokens are used up")

    def use_step(self) -> None:
        """Count one plan step; raise BudgetExceeded (`step budget of N used up`) past `max_steps`.

        `use_tool_call` below does the same for tool calls. See STAGES.md, stage 5.
        """
        raise NotImplementedError("stage 5: count a step and refuse it past the step budget")
    # aieng:stage 5 end

    def use_tool_call(self) -> None:
        self.check_time()
        if self.tool_calls >= self.max_tool_calls:
            raise BudgetExceeded(f"tool-call budget of {self.max_tool_calls} used up")
        self.tool_calls += 1

    def use_tokens(self, count: int) -> None:
        self.tokens += max(0, count)

    def usage(self) -> dict[str, float]:
        return {
            "steps": self.steps,
            "tool_calls": self.tool_calls,
            "tokens": self.tokens,
            "seconds": round(self.elapsed(), 3),
        }


class Deadline(Exception):
    """`bounded` gave up waiting (internal; callers turn it into a tool error or BudgetExceeded)."""


# aieng:stage 5 begin
def bounded(fn: Callable[[], T], seconds: float) -> T:
    """Run `fn` in a daemon thread and wait at most `seconds` for it; raise Deadline if it is late.

    Python cannot kill a thread: a late call is abandoned and finishes (or not) in the background,
    which is why every tool is also bounded on its own (calculator limits, HTTP timeouts, byte caps).
    """
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # re-raised in the caller's thread below
            box["error"] = e

    worker = threading.Thread(target=target, daemon=True, name="bounded-call")
    worker.start()
    worker.join(max(0.0, seconds))
    if worker.is_alive():
        raise Deadline(f"no answer within {seconds:.3g}s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
# aieng:stage 5 stub
def bounded(fn: Callable[[], T], seconds: float) -> T:
    """Run `fn` in a daemon thread and wait at most `seconds` for it; raise Deadline if it is late.

    Return its value, or raise its exception in the caller's thread. Python cannot kill a thread:
    a late call is abandoned and finishes (or not) in the background. See STAGES.md, stage 5.
    """
    raise NotImplementedError("stage 5: run fn in a thread and stop waiting after the deadline")
# aieng:stage 5 end
