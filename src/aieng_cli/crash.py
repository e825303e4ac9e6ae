"""Crash logs: an unexpected exception becomes a file with the traceback, and one line for the user."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from . import __version__

REPORT_HINT = "please report it to the aieng maintainers with that file attached"
REPORT_WITHOUT_LOG = "please report it to the aieng maintainers with the command you ran"


def write_crash_log(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback and context under the cache folder (or the temp folder); None if neither works."""
    import platform
    import tempfile

    from .paths import cache_dir

    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    text = (
        f"aieng {__version__} crashed at {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n"
        f"python {sys.version.split()[0]} on {platform.platform()}\n"
        f"command: {' '.join(repr(a) for a in (sys.argv if argv is None else argv))}\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        + f"\nTo report it: {REPORT_HINT}; say what you ran and what you expected.\n"
    )
    for folder in (cache_dir() / "crashes", Path(tempfile.gettempdir())):
        path = folder / f"aieng-crash-{stamp}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return None


def crash_line(exc: BaseException, log: Path | None) -> str:
    """One line: what happened, where the details are, how to report it."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose __str__ fails must not hide the crash
        text = ""
    detail = text.splitlines()[0] if text.strip() else ""
    detail = "".join(ch if ch.isprintable() else "?" for ch in detail)[:160]
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    if log is None:
        return f"aieng: unexpected error ({what}); no crash log could be written — {REPORT_WITHOUT_LOG}"
    return f"aieng: unexpected error ({what}); the details are in {log} — {REPORT_HINT}"
