"""A pytest plugin loaded into the exercise's test run: writes a small JSON report.

It runs inside the learner's subprocess, so it imports nothing from aieng and only the
standard library; the parent turns the report into plain words (practice_check.py).
"""

from __future__ import annotations

import json
import os

_results: list[dict] = []
_errors: list[dict] = []


def _where(report) -> tuple[str, int | None, str]:
    """The deepest traceback entry outside the tests folder (the learner's code), if any."""
    entries = getattr(getattr(report.longrepr, "reprtraceback", None), "reprentries", []) or []
    for entry in reversed(entries):
        location = getattr(entry, "reprfileloc", None)
        if location is not None and "tests" not in os.path.normpath(location.path).split(os.sep):
            func = ""
            for line in getattr(entry, "lines", []) or []:
                if line.lstrip().startswith("def "):
                    func = line.strip()[4:].split("(")[0]
            return os.path.basename(location.path), location.lineno, func
    return "", None, ""


def _message(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    return str(report.longrepr)[-2000:]


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" or report.failed:
        if report.when != "call" and not report.failed:
            return
        entry = {"test": report.nodeid, "outcome": report.outcome, "when": report.when}
        if report.failed:
            entry["message"] = _message(report)[:4000]
            entry["file"], entry["line"], entry["function"] = _where(report)
        _results.append(entry)


def pytest_collectreport(report) -> None:
    if report.failed:
        _errors.append({"test": report.nodeid, "message": str(report.longrepr)[-4000:]})


def pytest_sessionfinish(session, exitstatus) -> None:
    target = os.environ.get("AIENG_PRACTICE_REPORT")
    if not target:
        return
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"results": _results, "errors": _errors, "exitstatus": int(exitstatus)}, handle)
