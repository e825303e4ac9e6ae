"""`aieng new rag-platform --no-input` vs plain `cookiecutter --no-input` on the same template.

Median wall time of each over interleaved runs, and the ratio. Target: <= 1.2x.

    python bench/new_project.py [--runs 10] [--template rag-platform]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed(cmd: list[str], env: dict, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--template", default="rag-platform")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # Both get a throwaway home so neither writes replay files into the real one.
        env = {**os.environ, "HOME": str(tmp_path / "home"), "AIENG_HOME": str(tmp_path / "aieng")}
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(
                _timed(
                    [str(bindir / "aieng"), "new", args.template, "--no-input", "-o", str(tmp_path / "a")],
                    env,
                    tmp_path / "a",
                )
            )
            theirs.append(
                _timed(
                    [
                        str(bindir / "cookiecutter"),
                        "--no-input",
                        "-o",
                        str(tmp_path / "b"),
                        str(REPO / "templates" / args.template),
                    ],
                    env,
                    tmp_path / "b",
                )
            )
        a, b = statistics.median(ours), statistics.median(theirs)
        print(
            f"aieng new {args.template}: {a * 1000:.1f} ms   cookiecutter: {b * 1000:.1f} ms   "
            f"ratio {a / b:.2f} (target <= 1.2)"
        )


if __name__ == "__main__":
    main()
