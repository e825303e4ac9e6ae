"""Run the evaluation tasks, each in a fresh home, and report success rate, steps, tokens and time."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..llm import ChatModel
from ..observe.trace import read_trace
from ..settings import Settings
from .tasks import TASKS, Outcome, Task


@dataclass(frozen=True)
class TaskResult:
    name: str
    passed: bool
    why: str
    status: str
    steps: int
    tokens: int
    seconds: float


@dataclass(frozen=True)
class EvalReport:
    results: list[TaskResult]

    @property
    def rate(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def tokens(self) -> int:
        return sum(r.tokens for r in self.results)

    @property
    def seconds(self) -> float:
        return round(sum(r.seconds for r in self.results), 3)


def run_task(task: Task, settings: Settings, make_model: Callable[[], ChatModel], team: bool = False) -> TaskResult:
    """One task in a fresh temporary home: set up, run, check."""
    from ..runtime import build_runtime, run_goal  # runtime imports the loop, which this package sits beside

    with tempfile.TemporaryDirectory(prefix=f"eval-{task.name}-") as tmp:
        s = settings.model_copy(update={"home": Path(tmp), "workspace": None, "approval": task.approval})
        runtime = build_runtime(s, make_model())
        for name, content in task.files.items():
            (runtime.workspace.root / name).write_text(content)
        for fact in task.facts:
            runtime.memory.add(fact, source="eval")
        started = time.monotonic()
        result, trace = run_goal(runtime, task.goal, yes=task.yes, team=team)
        seconds = round(time.monotonic() - started, 3)
        outcome = Outcome(result, runtime.workspace.root, read_trace(trace), runtime.memory)
        why = task.check(outcome)
    return TaskResult(
        task.name,
        not why,
        why,
        result.status,
        int(result.usage.get("steps", 0)),
        int(result.usage.get("tokens", 0)),
        seconds,
    )


def run_suite(
    settings: Settings,
    make_model: Callable[[], ChatModel],
    tasks: Sequence[Task] = TASKS,
    *,
    team: bool = False,
    on_result: Callable[[TaskResult], None] | None = None,
) -> EvalReport:
    results = []
    for task in tasks:
        result = run_task(task, settings, make_model, team)
        results.append(result)
        if on_result:
            on_result(result)
    return EvalReport(results)
