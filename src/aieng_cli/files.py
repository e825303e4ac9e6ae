"""Reading files aieng did not write: regular files only, under a size cap, never blocking.

A user can point aieng at anything (`--roadmap /dev/zero`, a FIFO, a folder, a 5 GB file);
every such read goes through here so it ends in one plain line instead of a hang, unbounded
memory or a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import FileMissing, FileReadError

_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def _open_problem(exc: OSError) -> str:
    if exc.errno == errno.ENXIO:
        return "is a socket or device, not a regular file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    if exc.errno == errno.ENAMETOOLONG:
        return "cannot be read (the name is too long)"
    if exc.errno == errno.ELOOP:
        return "cannot be read (too many symbolic links)"
    return f"cannot be read ({exc.strerror or exc})"


def read_regular_file(path: Path, *, max_bytes: int, what: str) -> bytes:
    """The bytes of `path` if it is a regular file of at most `max_bytes`.

    Opens with O_NONBLOCK (a FIFO without a writer would otherwise block the open), checks the
    opened descriptor (no race between a check and the open), and reads at most max_bytes + 1
    so a growing file or a device that lies about its size cannot exhaust memory. Raises
    FileMissing if the file does not exist, FileReadError for everything else; both name the
    file and `what` it is ("config file", "roadmap") in one line.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileMissing(f"{path}: {what} not found", path=path) from None
    except IsADirectoryError:
        raise FileReadError(f"{path}: {what} is a folder, not a file", path=path) from None
    except (OSError, ValueError) as exc:  # ValueError: an embedded NUL byte in the name
        problem = _open_problem(exc) if isinstance(exc, OSError) else "is not a valid file name"
        raise FileReadError(f"{path}: {what} {problem}", path=path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(f"{path}: {what} is {_kind(info.st_mode)}, not a regular file", path=path)
        if info.st_size > max_bytes:
            raise FileReadError(
                f"{path}: {what} is too large ({_size(info.st_size)}; the limit is {_size(max_bytes)})",
                path=path,
            )
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            try:
                chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            except BlockingIOError:  # pragma: no cover - regular files never say EAGAIN
                continue
            except OSError as exc:
                raise FileReadError(f"{path}: {what} {_open_problem(exc)}", path=path) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise FileReadError(f"{path}: {what} is too large (over {_size(max_bytes)}, the limit)", path=path)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text_file(path: Path, *, max_bytes: int, what: str) -> str:
    """Like read_regular_file, decoded as UTF-8 (a BOM is allowed); bad bytes are one line."""
    data = read_regular_file(path, max_bytes=max_bytes, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileReadError(
            f"{path}: {what} is not UTF-8 text (bad byte 0x{data[exc.start]:02x} on line {line})",
            path=Path(path),
        ) from None


def write_cache_file(cache: Path, data: bytes) -> None:
    """Best effort: a cache that cannot be written only costs speed next time (no fsync: it can
    always be rebuilt; the rename still means a reader never sees half of one)."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, cache)
    except OSError:
        pass


def write_file_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see the old or the new file, never a partial one.

    A temp file in the same folder is written, fsynced and renamed over the target. A symlink
    is written through (its target is replaced; the link stays), and an existing file keeps
    its permission bits. Raises OSError; callers turn it into their own one-line error.
    """
    import tempfile  # only writers pay for it

    target = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
