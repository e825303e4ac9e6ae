"""Single key presses for the watch loop, without waiting for Enter.

`terminal_keys()` yields a source with `get(timeout) -> key | None`. On a POSIX terminal it
puts stdin in cbreak mode (restored on exit); on Windows it uses msvcrt; when stdin is a
pipe it reads one line per key (first character), and end of input means quit.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class KeySource(Protocol):
    def get(self, timeout: float) -> str | None: ...


class _PosixKeys:
    def __init__(self, fd: int, lines: bool) -> None:
        self.fd = fd
        self.lines = lines
        self.buffer = b""

    def get(self, timeout: float) -> str | None:
        import select

        if self.lines and b"\n" in self.buffer:
            return self._line()
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 1 if not self.lines else 1024)
        if not data:
            if self.buffer:  # a last line without its newline
                self.buffer += b"\n"
                return self._line()
            time.sleep(timeout)  # end of input: quit, after a last look at the files
            return "q"
        if not self.lines:
            return data.decode(errors="replace").lower()
        self.buffer += data
        return self._line() if b"\n" in self.buffer else None

    def _line(self) -> str:
        line, self.buffer = self.buffer.split(b"\n", 1)
        return (line.decode(errors="replace").strip()[:1] or " ").lower()


class _WindowsKeys:
    def get(self, timeout: float) -> str | None:
        import msvcrt

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if msvcrt.kbhit():  # type: ignore[attr-defined]
                return msvcrt.getwch().lower()  # type: ignore[attr-defined]
            time.sleep(0.02)
        return None


class _NoKeys:
    """No readable stdin at all: watch until interrupted."""

    def get(self, timeout: float) -> str | None:
        time.sleep(timeout)
        return None


@contextmanager
def terminal_keys() -> Iterator[KeySource]:
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        yield _NoKeys()
        return
    if os.name == "nt":
        yield _WindowsKeys() if sys.stdin.isatty() else _NoKeys()
        return
    if not os.isatty(fd):
        yield _PosixKeys(fd, lines=True)
        return
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield _PosixKeys(fd, lines=False)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
