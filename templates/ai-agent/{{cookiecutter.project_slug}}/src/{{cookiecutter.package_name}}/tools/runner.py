"""Running the tool calls of one model turn: approval, a deadline per call, bounded concurrency, results in order."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import BudgetExceeded, ToolError, one_line
from ..llm import ToolCall
from ..loop.budget import Budget
from ..observe.trace import Emitter
from .approval import Approval
from .registry import Tool, ToolRegistry

RESULT_LIMIT = 4000


@dataclass
class Provenance:
    """What untrusted output the run has seen: memory writes made after it are quarantined."""

    sources: list[str] = field(default_factory=list)

    def note(self, source: str) -> None:
        if source not in self.sources:
            self.sources.append(source)

    @property
    def tainted(self) -> bool:
        return bool(self.sources)

    def describe(self) -> str:
        return ", ".join(self.sources[-5:])


@dataclass
class CallResult:
    """How one tool call ended. `message` is what the model reads next."""

    call: ToolCall
    ok: bool
    output: str = ""
    error: str = ""
    refused: bool = False
    seconds: float = 0.0
    out_of_time: bool = False  # cut off by the run's wall-time budget, not by the tool's own timeout

    @property
    def message(self) -> str:
        if self.ok:
            return frame(self.call.name, self.output)
        return f"ERROR from {self.call.name}: {self.error}\nFix the call and try again, or do the step another way."


def frame(name: str, output: str) -> str:
    """Tool output as data: fenced, with a forged closing fence defused, so it cannot pose as instructions."""
    body = output.replace("</tool_output>", "</tool_output_>")
    return f'<tool_output tool="{name}">\n{body}\n</tool_output>'


class ToolRunner:
    """Runs tool calls for an agent; never raises for a tool's failure (only BudgetExceeded escapes)."""

    def __init__(
        self,
        registry: ToolRegistry,
        budget: Budget,
        events: Emitter,
        approval: Approval,
        *,
        timeout: float = 30.0,
        concurrency: int = 4,
        provenance: Provenance | None = None,
    ) -> None:
        self.registry, self.budget, self.events, self.approval = registry, budget, events, approval
        self.timeout, self.concurrency = timeout, max(1, concurrency)
        self.provenance = provenance if provenance is not None else Provenance()

    def run_all(self, index: int, calls: Sequence[ToolCall]) -> list[CallResult]:
        """Approve in order (a person may be asked), run the approved calls concurrently, report in call order."""
        results: list[CallResult | None] = [None] * len(calls)
        runnable: list[tuple[int, Tool]] = []
        for i, call in enumerate(calls):
            self.budget.use_tool_call()
            self.events.emit("tool_call", index=index, name=call.name, arguments=call.arguments)
            try:
                t = self.registry.get(call.name)
            except ToolError as e:
                results[i] = CallResult(call, ok=False, error=str(e))
                continue
            refusal = self.approval.refusal(t, call.arguments)
            if refusal:
                results[i] = CallResult(call, ok=False, error=refusal, refused=True)
            else:
                runnable.append((i, t))
        for start in range(0, len(runnable), self.concurrency):
            batch = runnable[start : start + self.concurrency]
            for i, result in zip([i for i, _ in batch], self._run_batch(calls, batch), strict=True):
                results[i] = result
        done = [r for r in results if r is not None]
        for r in done:
            if r.ok:
                self.events.emit(
                    "tool_result", index=index, name=r.call.name, ok=True, output=r.output, latency_ms=_ms(r.seconds)
                )
                t = self.registry.get(r.call.name)
                if t.untrusted_output:
                    self.provenance.note(f"{t.name}({_args(r.call)})")
            else:
                self.events.emit(
                    "tool_result",
                    index=index,
                    name=r.call.name,
                    ok=False,
                    error=r.error,
                    refused=r.refused,
                    latency_ms=_ms(r.seconds),
                )
        if any(r.out_of_time for r in done):  # a tool that used up the run's time ends the run here
            raise BudgetExceeded(f"wall-time budget of {self.budget.max_seconds:g}s used up")
        self.budget.check_time()
        return done

    def _run_batch(self, calls: Sequence[ToolCall], batch: list[tuple[int, Tool]]) -> list[CallResult]:
        boxes: list[dict[str, object]] = [{} for _ in batch]
        threads = []
        started = time.monotonic()
        for box, (i, t) in zip(boxes, batch, strict=True):
            thread = threading.Thread(target=_invoke, args=(t, calls[i], box), daemon=True, name=f"tool-{t.name}")
            thread.start()
            threads.append(thread)
        # One deadline for the batch: the tool timeout, or what is left of the run, whichever is sooner.
        left = self.budget.remaining()
        deadline = started + min(self.timeout, left)
        results = []
        for box, thread, (i, t) in zip(boxes, threads, batch, strict=True):
            thread.join(max(0.0, deadline - time.monotonic()))
            seconds = time.monotonic() - started
            if thread.is_alive():  # abandoned: a daemon thread cannot be killed, only left behind
                limit = min(self.timeout, left)
                error = f"{t.name} timed out after {limit:.3g}s"
                results.append(
                    CallResult(calls[i], ok=False, error=error, seconds=seconds, out_of_time=left < self.timeout)
                )
            elif "error" in box:
                results.append(CallResult(calls[i], ok=False, error=str(box["error"]), seconds=seconds))
            else:
                output = str(box.get("output", ""))
                if len(output) > RESULT_LIMIT:
                    output = output[:RESULT_LIMIT] + f"\n[truncated: {len(output) - RESULT_LIMIT} more characters]"
                took = box.get("seconds", seconds)
                results.append(
                    CallResult(calls[i], ok=True, output=output, seconds=took if isinstance(took, float) else seconds)
                )
        return results


def _invoke(t: Tool, call: ToolCall, box: dict[str, object]) -> None:
    started = time.monotonic()
    try:
        box["output"] = t(call.arguments)
    except ToolError as e:
        box["error"] = str(e)
    except BaseException as e:  # Tool.__call__ converts exceptions already; this is the last line of defence
        box["error"] = f"{t.name} failed: {one_line(e)}"
    box["seconds"] = time.monotonic() - started


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


def _args(call: ToolCall) -> str:
    text = json.dumps(call.arguments, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:79] + "…"
