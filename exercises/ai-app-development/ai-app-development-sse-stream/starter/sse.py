"""Server-sent events: formatting, incremental parsing, and rebuilding a streamed answer."""

import json  # noqa: F401  (you will need it in collect_text)


def format_event(data: str, event: str | None = None) -> str:
    """One SSE event, terminated by a blank line."""
    # TODO
    raise NotImplementedError


class SSEParser:
    """Feed it chunks as they arrive; it returns the events each chunk completes."""

    def __init__(self) -> None:
        # TODO: a buffer for an incomplete line, the data lines and event name of the current event
        pass

    def feed(self, chunk: str) -> list[dict[str, str]]:
        """Events completed by this chunk, as {"event": ..., "data": ...}."""
        # TODO
        raise NotImplementedError


def collect_text(events: list[dict[str, str]]) -> str:
    """Join the tokens of JSON data events up to [DONE]."""
    # TODO
    raise NotImplementedError
