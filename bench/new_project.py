"""`aieng new rag-platform --no-input` vs plain `cookiecutter --no-input` on the same template.

Median wall time of each over interleaved runs, and the ratio. Target: <= 1.2x.

    python bench/new_project.py [--runs 10] [--template rag-platform]
    python bench/new_project.py --guided [--template ai-agent]

--guided times `aieng new T --guided --no-input` (stubs derived from the marked regions,
STAGES.md, the project file) against cookiecutter on the same template. `--template guided-demo`
times the fixture template tests/fixtures/templates/guided-demo, which aieng is pointed at
through a two-line driver (`python -c`, the same start-up as the console script).
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
FIXTURE_TEMPLATES = REPO / "tests" / "fixtures" / "templates"
# `aieng` with its template catalogue pointed at the fixture templates.
DRIVER = (
    "import sys, aieng_cli.scaffold as s; from pathlib import Path; root = Path(sys.argv.pop(1)); "
    "s.templates_dir = lambda: root; from aieng_cli.cli.app import main; main()"
)


def _timed(cmd: list[str], env: dict, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    return run_timed(cmd, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--template", default=None)
    parser.add_argument("--guided", action="store_true", help="time `aieng new T --guided`")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    template = args.template or "rag-platform"
    root = REPO / "templates"
    aieng = [str(bindir / "aieng")]
    if not (root / template).is_dir() and (FIXTURE_TEMPLATES / template).is_dir():
        root = FIXTURE_TEMPLATES
        aieng = [sys.executable, "-c", DRIVER, str(root)]
    extra = ["--guided"] if args.guided else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # Both get a throwaway home so neither writes replay files into the real one.
        env = {**os.environ, "HOME": str(tmp_path / "home"), "AIENG_HOME": str(tmp_path / "aieng")}
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(
                _timed(
                    [*aieng, "new", template, *extra, "--no-input", "-o", str(tmp_path / "a")],
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
                        str(root / template),
                    ],
                    env,
                    tmp_path / "b",
                )
            )
        print(
            ratio_line(f"aieng new {template}{' --guided' if args.guided else ''}", ours, theirs, "cookiecutter", 1.2)
        )


if __name__ == "__main__":
    main()
