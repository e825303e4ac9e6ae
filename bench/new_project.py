"""`aieng new rag-platform --no-input` vs plain `cookiecutter --no-input` on the same template.

Median wall time of each over interleaved runs, and the ratio. Target: <= 1.2x.

    python bench/new_project.py [--runs 10] [--template rag-platform]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import ratio_line, run_timed

REPO = Path(__file__).resolve().parents[1]


def _timed(cmd: list[str], env: dict, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    return run_timed(cmd, env)


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
        print(ratio_line(f"aieng new {args.template}", ours, theirs, "cookiecutter", 1.2))


if __name__ == "__main__":
    main()
