"""Server-sent events: formatting, incremental parsing, and rebuilding a streamed answer."""

import json


def format_event(data: str, event: str | None = None) -> str:
    """One SSE event, terminated by a blank line."""
    lines = [f"event: {event}"] if event else []
    lines += [f"data: {line}" for line in data.split("\n")]
    return "\n".join(lines) + "\n\n"


class SSEParser:
    """Feed it chunks as they arrive; it returns the events each chunk completes."""

    def __init__(self) -> None:
        self._buffer = ""
        self._data: list[str] = []
        self._event = ""

    def feed(self, chunk: str) -> list[dict[str, str]]:
        """Events completed by this chunk, as {"event": ..., "data": ...}."""
        self._buffer += chunk
        events: list[dict[str, str]] = []
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            if line.endswith("\r"):
                line = line[:-1]
            if line == "":
                if self._data:
                    events.append({"event": self._event or "message", "data": "\n".join(self._data)})
                self._data, self._event = [], ""
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
            if field == "data":
                self._data.append(value)
            elif field == "event":
                self._event = value
        return events


def collect_text(events: list[dict[str, str]]) -> str:
    """Join the tokens of JSON data events up to [DONE]."""
    parts: list[str] = []
    for event in events:
        if event["data"] == "[DONE]":
            break
        parts.append(json.loads(event["data"])["token"])
    return "".join(parts)
