"""Run a generated project's stage tests and say, per stage, whether it passes and why not.

One pytest run in a subprocess (the project's own interpreter, its own pytest configuration)
with a time limit, whose process group is killed when the time is up; stage_plugin.py keeps
only stage tests, runs them in stage order and reports each event as a JSON line, so even a
killed run tells which stages passed before the hang.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .practice_check import _last_error_line, _run, plain_message
from .projects import ProjectFile, edited_tests, install_hint, python_for

DEFAULT_TIMEOUT_S = 300.0
Outcome = Literal["passed", "failed", "timeout", "not-run", "no-tests"]
_MISSING = re.compile(r"No module named '?([A-Za-z0-9_.]+)'?")


@dataclass
class StageResult:
    number: int
    title: str
    outcome: Outcome = "not-run"
    passed: int = 0
    total: int = 0
    headline: str = "not run"  # the first failure in plain words, or why it did not run
    edited: list[str] = field(default_factory=list)  # its test files changed since generation

    @property
    def ok(self) -> bool:
        return self.outcome == "passed"


@dataclass
class CheckReport:
    stages: list[StageResult]
    problem: str = ""  # what stopped the run as a whole (missing packages, a file that does not load)
    python: str = ""
    output: str = ""
    edited: list[str] = field(default_factory=list)

    def passed(self) -> list[int]:
        """Stages that pass on their shipped tests (an edited test proves nothing)."""
        return [s.number for s in self.stages if s.ok and not s.edited]


def check_project(
    root: Path, project: ProjectFile, only: int | None = None, timeout: float = DEFAULT_TIMEOUT_S
) -> CheckReport:
    """Run the stage tests (all stages, or `only`) of the project at `root`."""
    numbers = [only] if only is not None else list(range(1, len(project.stages) + 1))
    if only is not None:
        project.stage(only)  # a stage the project does not have: one clear line
    stages = [StageResult(n, project.stages[n - 1].title) for n in numbers]
    edited = edited_tests(root, project)
    files = [name for name in sorted(project.tests) if (root / name).is_file()]
    python, chosen = python_for(root)
    report = CheckReport(stages, python=f"{python} ({chosen})", edited=edited)
    if not files:
        report.problem = "the stage tests are missing (tests/ has none of the files the project was generated with)"
        return report
    with tempfile.TemporaryDirectory(prefix="aieng-check-") as tmp:
        events_path = Path(tmp) / "events.jsonl"
        _install_plugin(Path(tmp))
        env = _env(Path(tmp), events_path, only)
        command = [python, "-m", "pytest", "-q", "--tb=short", "--color=no", "-p", "no:cacheprovider"]
        command += ["--continue-on-collection-errors", "-p", "aieng_stage_plugin", "--", *files]
        try:
            code, output, timed_out = _run(command, root, env, timeout)
        except OSError as exc:
            report.problem = f"cannot run {python}: {exc.strerror or exc}"
            return report
        events = _read_events(events_path)
    report.output = output
    _interpret(report, events, code, output, timed_out, timeout, root)
    for stage in stages:
        stage.edited = [
            name for name in edited if any(t.startswith(name + "::") for t in _tests_of(events, stage.number))
        ]
    return report


def _install_plugin(folder: Path) -> None:
    """The plugin and the practice helpers it uses, under names no project shadows."""
    here = Path(__file__).parent
    shutil.copyfile(here / "stage_plugin.py", folder / "aieng_stage_plugin.py")
    shutil.copyfile(here / "practice_plugin.py", folder / "aieng_practice_plugin.py")


def _env(plugin_dir: Path, events: Path, only: int | None) -> dict[str, str]:
    # Our own pytest's variables must not leak in; the learner's choice to disable plugins may.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
    env["AIENG_STAGE_REPORT"] = str(events)
    env["AIENG_STAGE_ONLY"] = str(only or "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join([str(plugin_dir), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _read_events(path: Path) -> list[dict]:
    events = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return events
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:  # the last line of a killed run may be cut
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def _tests_of(events: list[dict], number: int) -> list[str]:
    return [e["test"] for e in events if e.get("kind") == "item" and e.get("stage") == number]


def _interpret(
    report: CheckReport, events: list[dict], code: int, output: str, timed_out: bool, limit: float, root: Path
) -> None:
    missing = _missing_module(events, output)
    if missing:
        report.problem = f"{missing} is not installed for {report.python}; install it first with: {install_hint(root)}"
        return
    if not events:
        report.problem = "the test run stopped before reporting (did the tests call exit() or crash Python?)"
        return
    errors = [e for e in events if e.get("kind") in ("error", "bad-marker")]
    if errors:
        first = errors[0]
        reason = _last_error_line(first.get("message", "")) + _load_location(first.get("message", ""), root)
        report.problem = f"{first['test'] or 'the tests'} could not be loaded: {reason}"
    results: dict[str, dict] = {}
    for event in events:
        if event.get("kind") == "result":
            earlier = results.get(event["test"])
            if earlier is None or (event["outcome"] == "failed" and earlier["outcome"] != "failed"):
                results[event["test"]] = event
    started = [e["test"] for e in events if e.get("kind") == "start"]
    hung = started[-1] if timed_out and started and started[-1] not in results else None
    for stage in report.stages:
        tests = _tests_of(events, stage.number)
        stage.total = len(tests)
        stage.passed = sum(1 for t in tests if results.get(t, {}).get("outcome") == "passed")
        failed = [results[t] for t in tests if results.get(t, {}).get("outcome") == "failed"]
        if not tests:
            why = "its tests could not be loaded (below)" if errors else "no tests of this stage were found"
            stage.outcome, stage.headline = "no-tests", why
        elif failed:
            stage.outcome, stage.headline = "failed", _failure_line(failed[0], stage)
        elif hung in tests:
            stage.outcome = "timeout"
            stage.headline = f"{_name(hung)} did not finish in {limit:g} s (an endless loop, or waiting on something?)"
        elif all(t in results for t in tests) and stage.passed:
            stage.outcome = "passed"
            stage.headline = f"{stage.passed} of {stage.total} tests pass" + _skipped(stage)
        elif all(t in results for t in tests):
            stage.outcome, stage.headline = "no-tests", "every test of this stage was skipped"
        else:
            stage.outcome, stage.headline = "not-run", "not run: the test run was stopped before it"


def _failure_line(result: dict, stage: StageResult) -> str:
    message = result.get("message", "")
    first = message.strip().splitlines()[0] if message.strip() else ""
    if first.startswith("NotImplementedError") and ":" in first:
        plain = f"not written yet ({first.split(':', 1)[1].strip()[:200]})"
    else:
        plain = plain_message(message)
    where = ""
    if result.get("file") and result.get("line"):
        function = f" in {result['function']}()" if result.get("function") else ""
        where = f" ({result['file']} line {result['line']}{function})"
    return f"{stage.passed} of {stage.total} pass. {_name(result['test'])}: {plain}{where}"


_FILE_LINE = re.compile(r'File "([^"]+)", line (\d+)')


def _load_location(message: str, root: Path) -> str:
    """Where a file failed to load (a syntax error in the learner's code), relative to the project."""
    found = _FILE_LINE.findall(message)
    if not found:
        return ""
    path, line = found[-1]
    try:
        path = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    return f" ({path} line {line})"


def _skipped(stage: StageResult) -> str:
    skipped = stage.total - stage.passed
    return f" ({skipped} skipped)" if skipped else ""


def _missing_module(events: list[dict], output: str) -> str | None:
    """The module a missing package would provide, when that is what stopped the tests."""
    if "No module named pytest" in output and not events:
        return "pytest"
    for event in events:
        if event.get("kind") == "error" and "ModuleNotFoundError" in event.get("message", ""):
            match = _MISSING.search(event["message"])
            if match:
                return match.group(1)
    return None


def _name(nodeid: str) -> str:
    return nodeid.split("::", 1)[-1]
