"""`agent eval`: a suite of tasks with checkable outcomes, run against the configured model."""

from .runner import EvalReport, TaskResult, run_suite
from .tasks import TASKS, Outcome, Task

__all__ = ["TASKS", "EvalReport", "Outcome", "Task", "TaskResult", "run_suite"]
