"""Searches first: a background ingest job steps aside while a search runs.

Searches and jobs share one process, so one interpreter lock and the embedded store's lock.
A CPU-bound job thread left to itself gets every other time slice, and a search under
ingestion took about three times its idle time. The job calls `checkpoint()` between small
steps (a document, an embedding batch, a store write); while any search is running it waits
there until the searches running at that moment have finished (at most `max_pause`), then
takes one step: back-to-back searches slow a job down but never stop it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class SearchFirst:
    def __init__(self, max_pause: float = 0.25) -> None:
        self.max_pause = max_pause
        self._running = 0
        self._finished = 0
        self._idle = threading.Condition()

    def __enter__(self) -> SearchFirst:
        with self._idle:
            self._running += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._idle:
            self._running -= 1
            self._finished += 1
            self._idle.notify_all()

    def checkpoint(self) -> None:
        """Called by background work between steps: let the searches running now finish first."""
        with self._idle:
            if self._running:
                # Enough searches have finished to cover those running now (counted, not named).
                target = self._finished + self._running
                self._idle.wait_for(lambda: self._finished >= target, timeout=self.max_pause)


searches = SearchFirst()
"""The process's gate: searches enter it, ingestion checks in with `searches.checkpoint()`."""


def search_first(method: Callable[P, R]) -> Callable[P, R]:
    """Mark a search: background jobs pause at their next checkpoint until it returns."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with searches:
            return method(*args, **kwargs)

    return wrapper
