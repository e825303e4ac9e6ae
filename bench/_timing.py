"""Shared by the benchmark scripts: time a command, report a median ratio."""

from __future__ import annotations

import statistics
import subprocess
import time


def run_timed(cmd: list[str], env: dict) -> float:
    """Wall time of one run of `cmd` (output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def ratio_line(label: str, ours: list[float], theirs: list[float], baseline: str, target: float) -> str:
    """'label: X ms   baseline: Y ms   ratio R (target <= T)' from medians of the two samples."""
    a, b = statistics.median(ours), statistics.median(theirs)
    return f"{label}: {a * 1000:.1f} ms   {baseline}: {b * 1000:.1f} ms   ratio {a / b:.2f} (target <= {target})"
