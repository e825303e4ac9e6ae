"""Start-up benchmark: aieng's quick commands vs a do-nothing Typer app with the same command names.

Prints the median wall time of each command and the ratio aieng / baseline, measured side by
side (interleaved runs) in one process so machine noise hits both equally. Targets: <= 1.25x for
the quick commands; `topic` (a whole lesson rendered as Markdown) and `doctor` with Ollama
offline (it validates the whole roadmap) <= 2x.

    python bench/startup.py [--runs 30] [--only LABEL...]

Run it with the interpreter of an environment where aieng is installed from its wheel (what
users get): an editable install adds ~10 ms of import-path hooks to every start.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import run_timed

BASELINE = """
import typer

app = typer.Typer()
config = typer.Typer()
progress = typer.Typer()
app.add_typer(config, name="config")
app.add_typer(progress, name="progress")


@app.command()
def plan(track: str = "", hours: float = 10.0) -> None:
    pass


@app.command()
def topic(name: str = typer.Argument("")) -> None:
    pass


def nothing() -> None:
    pass


# The same command names as aieng, each doing nothing.
for name in ("status", "today", "mark", "study", "quiz", "new", "doctor"):
    app.command(name)(nothing)
for name in ("get", "set", "path"):
    config.command(name)(nothing)
for name in ("export", "import", "reset", "repair", "path"):
    progress.command(name)(nothing)
app()
"""

COMMANDS = {
    "--help": ["--help"],
    "plan --track ai-developer --hours 8": ["plan", "--track", "ai-developer", "--hours", "8"],
    "status": ["status"],
    "today": ["today"],
    "topic rag": ["topic", "rag"],
    "doctor (Ollama offline)": ["doctor"],
}
TARGETS = {"topic rag": 2.0, "doctor (Ollama offline)": 2.0}  # the others: QUICK
QUICK = 1.25


def closed_port() -> tuple[socket.socket, str]:
    """A loopback URL where connecting is refused at once (bound, never listening): Ollama offline."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", nargs="+", metavar="WORD", help="Only the commands whose label has one of these.")
    args = parser.parse_args()
    offline, offline_url = closed_port()
    with offline, tempfile.TemporaryDirectory() as home:
        # A throwaway HOME rather than AIENG_HOME, so the normal user-folder lookup is measured too.
        env = {k: v for k, v in os.environ.items() if k != "AIENG_HOME" and not k.startswith("XDG_")}
        env.update(HOME=home, COLUMNS="100", OLLAMA_HOST=offline_url)
        baseline = Path(home) / "baseline.py"
        baseline.write_text(BASELINE)
        # The console script users run (no runpy), next to this interpreter.
        script = Path(sys.executable).parent / "aieng"
        aieng = [str(script)] if script.exists() else [sys.executable, "-m", "aieng_cli"]
        base = [sys.executable, str(baseline)]
        subprocess.run([*aieng, "plan", "--track", "ai-developer"], env=env, check=True, capture_output=True)
        print(f"{'command':40} {'aieng ms':>9} {'typer ms':>9} {'ratio':>6} {'target':>7}")
        missed = []
        for label, argv in COMMANDS.items():
            if args.only and not any(word in label for word in args.only):
                continue
            ours, theirs = [], []
            for _ in range(args.runs):
                ours.append(run_timed([*aieng, *argv], env))
                theirs.append(run_timed([*base, *argv], env))
            a, b = statistics.median(ours), statistics.median(theirs)
            target = TARGETS.get(label, QUICK)
            if a / b > target:
                missed.append(label)
            print(f"{label:40} {a * 1000:9.1f} {b * 1000:9.1f} {a / b:6.2f} {'<= ' + format(target, 'g'):>7}")
        print("all within target" if not missed else f"over target: {', '.join(missed)}")


if __name__ == "__main__":
    main()
