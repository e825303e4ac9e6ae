"""The ingestion benchmark runs as its docstring says and prints every target."""

import re
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.stage(5)
def test_the_ingest_benchmark_prints_each_target(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest_bench.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # name, value, target, PASS/MISS: columns two or more spaces apart
    rows = {
        cells[0]: cells
        for line in done.stdout.splitlines()
        for cells in [re.split(r"\s{2,}", line.strip())]
    }
    for name, target in (
        ("documents/s", ">="),
        ("chunks/s", ">="),
        ("p95 under ingest / idle", "<="),
    ):
        assert name in rows and rows[name][2].startswith(target), done.stdout
        assert float(rows[name][1]) > 0 and rows[name][3] in ("PASS", "MISS")
    [delete] = [cells for name, cells in rows.items() if name.startswith("delete a ")]
    assert delete[0].endswith("-chunk document (s)") and delete[2] == "<= 2.0"
    assert "20 mixed documents" in done.stdout
