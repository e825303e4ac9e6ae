"""`aieng practice` in a real terminal (a pty) and with piped keys: the key readers users get."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "exercises"
ADD = "python-engineering-add"
SOLUTION = "def add(a, b):\n    return a + b\n"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pty and select on stdin are POSIX")


def _env(aieng_home: Path) -> dict[str, str]:
    return {**os.environ, "AIENG_HOME": str(aieng_home), "AIENG_EXERCISES": str(FIXTURE), "COLUMNS": "200"}


class Terminal:
    """Reads a child's pty output until a marker shows up."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.seen = b""

    def wait_for(self, marker: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while marker.encode() not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{marker!r} never appeared in:\n{self.seen.decode(errors='replace')}")
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:  # the child closed the terminal
                    raise AssertionError(f"{marker!r} never appeared:\n{self.seen.decode(errors='replace')}") from None


def test_single_keys_in_a_real_terminal(tmp_path, aieng_home):
    import pty

    base = tmp_path / "practice"
    primary, secondary = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "practice", ADD, "--dir", str(base)],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=_env(aieng_home),
        start_new_session=True,
    )
    os.close(secondary)
    screen = Terminal(primary)
    try:
        screen.wait_for("0 of 2 tests pass")
        (base / "python-engineering" / ADD / "adder.py").write_text(SOLUTION)
        screen.wait_for("all 2 tests pass")
        os.write(primary, b"h")  # one key, no Enter: cbreak mode
        screen.wait_for("Hint 1/2")
        os.write(primary, b"q")
        screen.wait_for("Bye")  # reading as it writes: a full terminal would block it
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
        os.close(primary)


def test_piped_keys_one_per_line_and_end_of_input_quits(tmp_path, aieng_home):
    done = subprocess.run(
        [sys.executable, "-m", "aieng_cli", "practice", ADD, "--dir", str(tmp_path / "practice")],
        input="h\nh\n",
        capture_output=True,
        text=True,
        env=_env(aieng_home),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Hint 1/2: Use the + operator." in done.stdout and "Hint 2/2: return a + b" in done.stdout
    assert "Bye" in done.stdout
