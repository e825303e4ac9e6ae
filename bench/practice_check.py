"""Practice benchmark: `aieng practice check` vs plain pytest, and save -> re-run in watch mode.

1. `aieng practice check ID` (the console script, the solution in place) against
   `python -m pytest -q` on the same copy, interleaved runs, median ratio. Target <= 1.5x.
   Plain pytest loads every installed pytest plugin; the same run with plugin autoload off
   (what aieng does) is shown too, so the comparison is honest either way.
2. `aieng practice ID` watching: the time from a file save to the watch loop starting the
   re-run ("… checking"), and to the verdict. Target: the save is picked up within 300 ms.

    python bench/practice_check.py [--exercise ID] [--runs 10] [--saves 10]
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _timing import ratio_line, run_timed


def _aieng() -> list[str]:
    script = Path(sys.executable).with_name("aieng")
    return [str(script)] if script.exists() else [sys.executable, "-m", "aieng_cli"]


def check_ratio(exercise_id: str, runs: int, env: dict, base: Path) -> None:
    from aieng_cli import practice

    exercise = practice.load_index()[exercise_id]
    folder = practice.prepare(exercise, base).folder
    shutil.copyfile(exercise.source / "solution" / exercise.file, folder / exercise.file)
    ours_cmd = [*_aieng(), "practice", "check", exercise_id, "--dir", str(base)]
    plain_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    bare_env = {**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    ours, plain, bare = [], [], []
    os.chdir(folder)  # plain pytest runs where the learner would run it
    for _ in range(runs):
        ours.append(run_timed(ours_cmd, env))
        plain.append(run_timed(plain_cmd, env))
        bare.append(run_timed(plain_cmd, bare_env))
    print(ratio_line("aieng practice check", ours, plain, "python -m pytest", 1.5))
    print(ratio_line("aieng practice check", ours, bare, "python -m pytest (plugin autoload off)", 1.5))


def watch_latency(exercise_id: str, saves: int, env: dict, base: Path) -> None:
    from aieng_cli import practice

    exercise = practice.load_index()[exercise_id]
    mine = practice.workspace(exercise, base) / exercise.file
    process = subprocess.Popen(
        [*_aieng(), "practice", exercise_id, "--dir", str(base)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(marker: str, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                at, line = lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if marker in line:
                return at
        raise SystemExit(f"watch never printed {marker!r}")

    try:
        wait_for(f"{exercise.id}:")  # the first verdict
        solution = (exercise.source / "solution" / exercise.file).read_text()
        picked, verdict = [], []
        for number in range(saves):
            time.sleep(0.37)  # a pause between saves, off the poll grid
            saved = time.perf_counter()
            mine.write_text(solution + f"\n# save {number}\n")
            picked.append(wait_for("… checking") - saved)
            verdict.append(wait_for(f"{exercise.id}:") - saved)
        assert process.stdin is not None
        process.stdin.write("q\n")
        process.stdin.flush()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    print(
        f"watch: save -> re-run started: median {statistics.median(picked) * 1000:.0f} ms, "
        f"max {max(picked) * 1000:.0f} ms (target <= 300 ms); "
        f"save -> verdict: median {statistics.median(verdict) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="python-engineering-retry-backoff")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "AIENG_HOME": str(Path(tmp) / "home")}
        check_ratio(args.exercise, args.runs, env, Path(tmp) / "check")
        watch_latency(args.exercise, args.saves, env, Path(tmp) / "watch")


if __name__ == "__main__":
    main()
