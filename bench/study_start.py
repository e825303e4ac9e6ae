"""Process start -> first frame of `aieng study` (headless) vs a bare Textual hello-world app.

"First frame" for aieng is the dashboard with the learner's data on it (roadmap loaded off the
UI thread, progress read), not just the loading screen. Median of interleaved runs and the
ratio; target <= 1.5x.

    python bench/study_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from _timing import ratio_line, run_timed

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
            ours.append(run_timed([sys.executable, "-c", STUDY], env))
            theirs.append(run_timed([sys.executable, "-c", HELLO], env))
    print(ratio_line("aieng study first frame", ours, theirs, "textual hello world", 1.5))


if __name__ == "__main__":
    main()
