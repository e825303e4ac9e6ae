"""`aieng study` as a user starts it: a real process on a pseudo-terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from .conftest import MINI_ROADMAP
from .fake_ollama import closed_port_url

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _spawn(*args: str, env: dict | None = None) -> tuple[subprocess.Popen, int]:
    leader, follower = os.openpty()
    env = {
        **os.environ,
        "AIENG_ROADMAP": str(MINI_ROADMAP),
        "OLLAMA_HOST": closed_port_url(),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        **(env or {}),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "aieng_cli", "study", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    return child, leader


def _wait_draining(child: subprocess.Popen, fd: int, timeout: float = 20) -> int:
    """Wait for the child to exit while reading what it writes: a terminal nobody reads fills
    up, and a program writing to it (Textual restoring the screen as it quits) then blocks."""
    deadline = time.monotonic() + timeout
    while child.poll() is None:
        if time.monotonic() > deadline:
            raise AssertionError("the program did not exit")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    return child.returncode


def _read_until(fd: int, needle: bytes, timeout: float = 20) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} not shown; screen so far ends with {seen[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
    return seen


def test_study_opens_the_dashboard_and_quits_with_q(cli, mini):
    assert cli("plan", "--track", "builder", "--hours", "5").exit_code == 0
    child, fd = _spawn("--offline")
    try:
        _read_until(fd, b"Builder")
        _read_until(fd, b"offline")
        os.write(fd, b"q")
        assert _wait_draining(child, fd) == 0
    finally:
        child.kill()
        os.close(fd)


def test_study_with_unknown_topic_says_did_you_mean(cli):
    child, fd = _spawn("--offline", "--topic", "pyton")
    try:
        out = _read_until(fd, b"did you mean python")
        assert child.wait(timeout=20) == 1
        assert b"Traceback" not in out
    finally:
        child.kill()
        os.close(fd)
