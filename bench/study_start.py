"""Process start -> first frame of `aieng study` (headless) vs a bare Textual hello-world app.

"First frame" for aieng is the dashboard with the learner's data on it (roadmap loaded off the
UI thread, progress read), not just the loading screen. Median of interleaved runs and the
ratio; target <= 1.5x.

    python bench/study_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Hello().run(headless=True)
"""

STUDY = """
from aieng_cli.tui.app import StudyApp

def shown(app) -> bool:
    try:
        return "done" in str(app.screen.query_one("#summary").render())
    except Exception:  # the dashboard is not mounted yet
        return False

async def first_frame(pilot):
    while not shown(pilot.app):
        await pilot.pause(0.005)
    pilot.app.exit()

StudyApp(offline=True).run(headless=True, auto_pilot=first_frame)
"""


def _time(code: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "AIENG_HOME": home}
        subprocess.run(
            [sys.executable, "-m", "aieng_cli", "plan", "--track", "ai-developer"],
            env=env,
            check=True,
            capture_output=True,
        )
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(_time(STUDY, env))
            theirs.append(_time(HELLO, env))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(
        f"aieng study first frame: {a * 1000:.0f} ms   textual hello world: {b * 1000:.0f} ms   "
        f"ratio {a / b:.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
