"""Run an exercise's tests against the learner's copy, in a subprocess with a time limit.

The learner's code never runs in the aieng process: pytest runs in a child of its own
process group (killed whole when the time is up), its output is read through a capped pipe
(a print loop cannot fill memory or disk), and a pytest plugin reports each test as JSON,
which becomes one plain headline: what failed, expected vs got, where.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Literal

import msgspec

from .errors import AiengError
from .practice_index import Exercise, PracticeError, _read_text, exercises_root

OUTPUT_CAP = 64 * 1024
Outcome = Literal["passed", "failed", "error", "timeout", "syntax"]


class Failure(msgspec.Struct, frozen=True):
    test: str
    message: str  # plain words: expected vs got, not written yet, the exception
    where: str = ""  # file:line (function) in the learner's code


class CheckResult(msgspec.Struct, frozen=True):
    outcome: Outcome
    passed: int = 0
    total: int = 0
    failures: list[Failure] = []
    headline: str = ""
    output: str = ""  # pytest's own output, capped
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == "passed"


def check(exercise: Exercise, folder: Path, timeout: float | None = None) -> CheckResult:
    """Check the learner's copy in `folder` (prepared by practice.prepare)."""
    limit = timeout or exercise.timeout
    mine = folder / exercise.file
    problem = syntax_problem(mine)
    if problem:
        return CheckResult("syntax", headline=problem)
    _needs(exercise)
    fd, report_path = tempfile.mkstemp(prefix="aieng-practice-", suffix=".json")
    os.close(fd)
    try:
        started = time.monotonic()
        code, output, timed_out = _run(_command(exercise), folder, _env(exercise, report_path), limit)
        seconds = time.monotonic() - started
        if timed_out:
            headline = f"your code did not finish in {limit:g} s (an endless loop, or waiting for input?)"
            return CheckResult("timeout", headline=headline, output=output, seconds=seconds)
        report = _read_report(Path(report_path))
    finally:
        os.unlink(report_path)
    return _interpret(exercise, report, code, output, seconds)


def syntax_problem(path: Path) -> str | None:
    """One friendly line for a file Python cannot compile (compiling runs none of it)."""
    try:
        source = _read_text(path)
    except AiengError as exc:
        return str(exc)
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        if exc.lineno is None:  # e.g. a NUL byte, on Python 3.12+
            return f"{path.name} cannot be compiled: {exc.msg}"
        return f"syntax error in {path.name} line {exc.lineno}: {exc.msg}"
    except ValueError as exc:  # e.g. a NUL byte
        return f"{path.name} cannot be compiled: {exc}"
    return None


def _needs(exercise: Exercise) -> None:
    import importlib.util

    if importlib.util.find_spec("pytest") is None:
        raise PracticeError("checking exercises needs pytest: pip install 'aieng[practice]' (or pytest)")
    if "numpy" in exercise.needs and importlib.util.find_spec("numpy") is None:
        raise PracticeError(f"{exercise.id} needs numpy: pip install 'aieng[practice]'")


def _command(exercise: Exercise) -> list[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-s", "--tb=short", "--color=no"]
    config = str(Path(__file__).with_name("practice_pytest.ini"))
    command += ["-p", "no:cacheprovider", "-p", "aieng_cli.practice_plugin", "-c", config]
    command += ["--rootdir", "."]
    if not (exercise.source / "tests" / "conftest.py").exists():
        command.append("--noconftest")  # a conftest of the learner's own cannot change the tests
    if "model-server" in exercise.needs:
        command += ["-p", "model_server"]
    # Only the shipped test files run: tests a learner adds are theirs to run, not part of the verdict.
    shipped = [
        f"tests/{p.as_posix()}" for p in exercise.test_files() if p.name.startswith("test_") and p.suffix == ".py"
    ]
    return [*command, *(shipped or ["tests"])]


def _env(exercise: Exercise, report_path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env["AIENG_PRACTICE_REPORT"] = report_path
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # exercises use plain pytest; installed plugins cost ~1 s a run
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    paths = [str(exercises_root() / "_support")] if "model-server" in exercise.needs else []
    import aieng_cli

    paths.append(str(Path(aieng_cli.__file__).resolve().parents[1]))  # the plugin, in a source checkout too
    env["PYTHONPATH"] = os.pathsep.join([*paths, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str], limit: float) -> tuple[int, str, bool]:
    """Run with a time limit; keep the first OUTPUT_CAP bytes of output and drain the rest."""
    kwargs: dict = {"start_new_session": True} if os.name == "posix" else {"creationflags": 0x200}
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs
    )
    kept = bytearray()
    dropped = 0

    def drain() -> None:
        nonlocal dropped
        assert process.stdout is not None
        while chunk := process.stdout.read1(65536):  # type: ignore[attr-defined]
            room = OUTPUT_CAP - len(kept)
            kept.extend(chunk[:room])
            dropped += max(0, len(chunk) - room)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    timed_out = False
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(process)
        process.wait()
    except BaseException:  # Ctrl+C or a closing TUI: the learner's code must not outlive us
        _kill(process)
        process.wait()
        raise
    reader.join(timeout=2)
    text = kept.decode("utf-8", errors="replace")
    if dropped:
        text += f"\n… output cut: {dropped} more bytes were not kept\n"
    return process.returncode, text, timed_out


def _kill(process: subprocess.Popen) -> None:
    """The whole process group: children the learner's code started die too."""
    if os.name == "posix":
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        process.kill()


def _read_report(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _interpret(exercise: Exercise, report: dict | None, code: int, output: str, seconds: float) -> CheckResult:
    if report is None:
        headline = "the test run stopped before reporting (did your code call exit() or crash Python?)"
        return CheckResult("error", headline=headline, output=output, seconds=seconds)
    if report.get("errors"):
        first = report["errors"][0]
        headline = f"the tests could not load your code: {_last_error_line(first.get('message', ''))}"
        return CheckResult("error", headline=headline, output=output, seconds=seconds)
    seen: dict[str, dict] = {}
    for entry in report.get("results", []):  # a test can report twice (call, then teardown): first failure wins
        earlier = seen.get(entry["test"])
        if earlier is None or (entry["outcome"] == "failed" and earlier["outcome"] != "failed"):
            seen[entry["test"]] = entry
    total = len(seen)
    failed = [e for e in seen.values() if e["outcome"] == "failed"]
    passed = sum(1 for e in seen.values() if e["outcome"] == "passed")
    failures = [Failure(_test_name(e["test"]), plain_message(e.get("message", "")), _where(e)) for e in failed]
    if total and passed == total and code == 0:
        return CheckResult("passed", passed, total, [], f"all {total} tests pass", output, seconds)
    if not total:
        return CheckResult("error", headline="no tests ran", output=output, seconds=seconds)
    first = failures[0] if failures else Failure("?", "the test run did not finish cleanly")
    where = f" ({first.where})" if first.where else ""
    headline = f"{passed} of {total} tests pass. {first.test}: {first.message}{where}"
    return CheckResult("failed", passed, total, failures, headline, output, seconds)


def _test_name(nodeid: str) -> str:
    return nodeid.split("::", 1)[-1]


def _where(entry: dict) -> str:
    if not entry.get("file") or not entry.get("line"):
        return ""
    function = f" in {entry['function']}()" if entry.get("function") else ""
    return f"{entry['file']} line {entry['line']}{function}"


_ASSERT_EQ = re.compile(r"^(?:AssertionError: )?assert (.+?) == (.+)$")


def plain_message(message: str) -> str:
    """pytest's crash message in plain words: expected vs got, not written yet, or the exception."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "failed"
    first = lines[0]
    if first.startswith("NotImplementedError"):
        return "not written yet (NotImplementedError)"
    if first.startswith("Failed: DID NOT RAISE"):
        return f"expected an error ({first.removeprefix('Failed: DID NOT RAISE').strip()}) but none was raised"
    note = first.removeprefix("AssertionError:").strip() if first.startswith("AssertionError:") else ""
    for line in lines:
        match = _ASSERT_EQ.match(line)
        if match:
            got, expected = match.groups()
            plain = f"expected {_short(expected)}, got {_short(got)}"
            return f"{_short(note, 120)}: {plain}" if note and not _ASSERT_EQ.match(first) else plain
    arrays = {
        k: line.split(":", 1)[1].strip() for line in lines for k in ("ACTUAL", "DESIRED") if line.startswith(k + ":")
    }
    if len(arrays) == 2:  # numpy.testing
        return f"expected {_short(arrays['DESIRED'])}, got {_short(arrays['ACTUAL'])} ({_short(lines[1], 80)})"
    if first == "AssertionError:" and len(lines) > 1:
        return _short(" · ".join(lines[1:4]), 300)
    return _short(first, 300)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _last_error_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("E "):
            return _short(line[1:].strip(), 300)
    return _short(lines[-1], 300) if lines else "unknown error"
