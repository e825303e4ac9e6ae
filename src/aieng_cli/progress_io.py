"""Low-level file work of the progress store: reading a log's committed prefix, salvaging
a damaged one, setting files aside, the inter-process lock, and one-line reasons for OS errors."""

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec

from .errors import ProgressError
from .progress_models import MAX_DOCUMENT_BYTES, LogRef, Review

_LOG_ID = re.compile(rb'"log"\s*:\s*\{[^{}]*?"id"\s*:\s*"([0-9a-f]{8,32})"')
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a log is never a link: appending would write through it
_NOT_A_FILE = {errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.ENOTDIR, errno.EMLINK}


def _parse_log(data: bytes, count: int, damaged: Callable[[str], ProgressError]) -> list[Review]:
    """The committed lines of a log, decoded in one call; a bad line is named by its number."""
    if data.count(b"\n") != count or not data.endswith(b"\n"):
        raise damaged(f"review log does not hold the {count} recorded reviews")
    try:
        return msgspec.json.decode(b"[" + data[:-1].replace(b"\n", b",") + b"]", type=list[Review])
    except (msgspec.MsgspecError, RecursionError):
        pass
    for number, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            msgspec.json.decode(line, type=Review)
        except (msgspec.MsgspecError, RecursionError) as exc:
            raise damaged(f"review log line {number}: {_short_reason(exc)}") from None
    raise damaged("review log is not valid")  # pragma: no cover - some line must have failed


def _read_prefix(path: Path, size: int) -> bytes:
    """At most `size` bytes from the start of a regular file (never blocks on a FIFO)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno in _NOT_A_FILE:
            raise OSError(exc.errno, "not a regular file") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        chunks, total = [], 0
        while total < size:
            chunk = os.read(fd, min(1 << 24, size - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _byte_at(fd: int, offset: int) -> bytes:
    """One byte of an open file (os.pread does not exist on Windows)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, 1)


def _salvage_log(path: Path, ref: LogRef) -> list[Review]:
    """Every whole, valid review line of a log, in order: a damaged line costs only itself (and
    answers recorded after the damage are kept)."""
    kept: list[Review] = []
    try:
        data = _read_prefix(path, min(ref.bytes, MAX_DOCUMENT_BYTES))
    except OSError:
        return kept
    for line in data.split(b"\n")[:-1]:  # the piece after the last newline is not a whole line
        try:
            kept.append(msgspec.json.decode(line, type=Review))
        except (msgspec.MsgspecError, RecursionError):
            continue
    return kept


def _set_aside(path: Path, target: Path) -> None:
    """Keep a copy of `path` as `target`: a hard link of the entry itself, else a copy of a
    regular file (no hard links here), else (a FIFO, a folder) move it."""
    import shutil

    try:
        os.link(path, target, follow_symlinks=False)
        return
    except FileNotFoundError:
        return  # nothing left to keep
    except (OSError, NotImplementedError):  # NotImplementedError: no follow_symlinks (Windows)
        pass
    try:
        shutil.copy2(path, target, follow_symlinks=False)  # refuses FIFOs and folders
    except OSError:
        _unlink(target)
        _move(path, target)


@contextmanager
def _exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    """An inter-process lock on `path`. On POSIX a plain flock (the `filelock` package costs
    ~15 ms to import, a tenth of aieng's start-up); elsewhere the `filelock` package."""
    try:
        import fcntl
    except ImportError:  # Windows
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(path), timeout=timeout):
                yield
        except Timeout:
            raise TimeoutError(str(path)) from None
        return
    import time

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(str(path)) from None
                time.sleep(0.005)
        yield  # the lock dies with the descriptor, even if the process is killed
    finally:
        os.close(fd)


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise ProgressError(f"{source}: cannot move it aside ({exc.strerror or exc})") from None


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _os_problem(folder: Path, exc: OSError) -> str:
    return f"{folder}: cannot write progress there ({exc.strerror or exc}); set AIENG_HOME to a writable folder"


def _short_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
