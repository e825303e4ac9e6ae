"""Ctrl+C and Ctrl+D in the `aieng plan` wizard, in a real process on a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time

import pytest

from .conftest import MINI_ROADMAP

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _own_terminal() -> None:
    """The pseudo-terminal becomes the child's controlling terminal, so Ctrl+C sends SIGINT."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _read(fd: int, until: bytes | None, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (until is None or until not in seen):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _wizard_key(key: bytes, tmp_path) -> tuple[int, str]:
    """Start the wizard, press `key` at the first question; the exit code and the screen from that prompt on."""
    leader, follower = os.openpty()
    env = {**os.environ, "AIENG_HOME": str(tmp_path), "AIENG_ROADMAP": str(MINI_ROADMAP), "COLUMNS": "80"}
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "plan"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        preexec_fn=_own_terminal,
    )
    os.close(follower)
    try:
        shown = _read(leader, b"Track (1-2 or id)", 30)
        assert b"Track (1-2 or id)" in shown, shown[-400:]
        shown += _read(leader, None, 0.3)  # the prompt is waiting for input
        os.write(leader, key)
        after = shown[shown.rindex(b"Track (1-2 or id)") :] + _read(leader, None, 10)
        code = child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    return code, after.decode("utf-8", "replace").replace("\r\n", "\n")


def test_ctrl_c_ends_with_one_line_on_its_own(tmp_path):
    code, after = _wizard_key(b"\x03", tmp_path)
    assert code == 130
    lines = after.split("\n")
    assert lines[0].startswith("Track (1-2 or id)") and lines[1:] == ["aieng: interrupted", ""], after
    assert "Traceback" not in after  # the prompt's line, one line, and the shell prompt on a new line


def test_ctrl_d_puts_its_error_on_its_own_line(tmp_path):
    code, after = _wizard_key(b"\x04", tmp_path)
    assert code == 1
    lines = after.split("\n")
    assert lines[0].startswith("Track (1-2 or id)") and "aieng" not in lines[0], after  # not glued to it
    assert lines[1].startswith("aieng: no answer on standard input") and lines[2:] == [""], after
    assert "Traceback" not in after
