"""A pytest plugin loaded into a generated project's test run by `aieng check`.

It keeps only the tests marked `@pytest.mark.stage(N)` (only stage AIENG_STAGE_ONLY when
set), runs them in stage order, and appends one JSON line per event to AIENG_STAGE_REPORT,
flushed at once: when a hung run is killed, the lines written so far say which stages passed
and which test was running. It runs in the project's interpreter, so it imports only the
standard library and the practice plugin's helpers (copied beside it by project_check.py).
"""

from __future__ import annotations

import json
import os

try:  # copied beside this file by project_check.py, under a name no project shadows
    from aieng_practice_plugin import _message, _where
except ImportError:  # imported as part of aieng
    from aieng_cli.practice_plugin import _message, _where

_REPORT = os.environ.get("AIENG_STAGE_REPORT", "")
_ONLY = os.environ.get("AIENG_STAGE_ONLY", "")


def _write(entry: dict) -> None:
    if _REPORT:
        with open(_REPORT, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


def _stage_of(item) -> int | str | None:
    """The item's stage number, None when unmarked, or a problem in words."""
    marker = item.get_closest_marker("stage")
    if marker is None:
        return None
    args = list(marker.args) + list(marker.kwargs.values())
    if len(args) != 1 or type(args[0]) is not int or not 1 <= args[0] <= 99:
        return f"@pytest.mark.stage takes one stage number, got {args!r}"[:200]
    return args[0]


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "stage(n): a test of guided stage n (run them with `aieng check`)")


def pytest_collection_modifyitems(session, config, items) -> None:
    kept, dropped = [], []
    for item in items:
        stage = _stage_of(item)
        if isinstance(stage, str):
            _write({"kind": "bad-marker", "test": item.nodeid, "message": stage})
            dropped.append(item)
        elif stage is None or (_ONLY and stage != int(_ONLY)):
            dropped.append(item)
        else:
            kept.append((stage, item))
    kept.sort(key=lambda pair: pair[0])  # stable: a file's order is kept within a stage
    for stage, item in kept:
        _write({"kind": "item", "test": item.nodeid, "stage": stage})
    items[:] = [item for _, item in kept]
    if dropped:
        config.hook.pytest_deselected(items=dropped)


def pytest_runtest_logstart(nodeid, location) -> None:
    _write({"kind": "start", "test": nodeid})


def pytest_runtest_logreport(report) -> None:
    if report.when != "call" and not (report.failed or report.skipped):
        return
    entry = {"kind": "result", "test": report.nodeid, "outcome": report.outcome, "when": report.when}
    if report.failed:
        entry["message"] = _message(report)[:4000]
        entry["file"], entry["line"], entry["function"] = _where(report)
    _write(entry)


def pytest_collectreport(report) -> None:
    if report.failed:
        _write({"kind": "error", "test": report.nodeid, "message": str(report.longrepr)[-4000:]})


def pytest_sessionfinish(session, exitstatus) -> None:
    _write({"kind": "end", "exitstatus": int(exitstatus)})
