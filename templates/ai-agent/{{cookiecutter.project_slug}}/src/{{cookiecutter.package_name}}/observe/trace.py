"""Events of a run, and the JSONL trace that records every step, tool call and result."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO
# aieng:stage 6 begin "Trace and replay"

from ..errors import TraceError
# aieng:stage 6 stub
# aieng:stage 6 end

Event = dict[str, Any]
Sink = Callable[[Event], None]


class Emitter:
    """Stamps events (time, agent name) and hands them to every sink: trace file, display, tests."""

    def __init__(self, sinks: Iterable[Sink] = (), agent: str = "agent") -> None:
        self.sinks = list(sinks)
        self.agent = agent
        self._start = time.monotonic()

    def named(self, agent: str) -> Emitter:
        """The same sinks under another agent name (specialists in a team)."""
        child = Emitter(self.sinks, agent)
        child._start = self._start
        return child

    def emit(self, event: str, **data: Any) -> Event:
        record: Event = {
            "ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "elapsed": round(time.monotonic() - self._start, 3),
            "agent": self.agent,
            "event": event,
            **data,
        }
        for sink in self.sinks:
            sink(record)
        return record


class TraceWriter:
    """A sink appending one JSON object per line; flushed per event so a crash keeps the trace."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO | None = self.path.open("a", encoding="utf-8")

    def __call__(self, event: Event) -> None:
        if self._file is not None:
            self._file.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def new_trace_path(folder: Path, goal: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    slug = "-".join("".join(c if c.isalnum() else " " for c in goal.lower()).split()[:6]) or "run"
    return Path(folder) / f"{stamp}-{slug[:48]}.jsonl"


# aieng:stage 6 begin
def read_trace(path: Path) -> list[Event]:
    """Load a JSONL trace; TraceError names the file and the first bad line."""
    path = Path(path)
    try:
        # split on "\n" only: splitlines() would also split inside JSON strings holding \x85 or \u2028
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as e:
        raise TraceError(f"cannot read trace {path}: {e.strerror or e}") from None
    events = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as e:
            raise TraceError(f"{path}:{number}: not valid JSON ({e.msg})") from None
        if not isinstance(event, dict) or "event" not in event:
            raise TraceError(f"{path}:{number}: not a trace event")
        events.append(event)
    if not events:
        raise TraceError(f"{path}: the trace is empty")
    return events
# aieng:stage 6 stub
def read_trace(path: Path) -> list[Event]:
    """Load a JSONL trace; TraceError names the file and the first bad line.

    One JSON object per line (split on "\n" only: `splitlines()` would also split inside JSON
    strings holding \x85 or \u2028); blank lines are skipped. A file that cannot be read, a line
    that is not JSON (`PATH:LINE: not valid JSON (...)`), a line that is not an object with an
    "event", or a trace with no events raises TraceError naming the file. See STAGES.md, stage 6.
    """
    raise NotImplementedError("stage 6: load a JSONL trace, naming the file and line of a bad one")
# aieng:stage 6 end
