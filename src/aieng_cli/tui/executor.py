"""An executor of daemon threads for Textual's thread workers.

Textual runs `@work(thread=True)` workers on asyncio's default executor, whose threads the
interpreter joins at exit: a worker stuck in a model call (an Ollama still loading a model)
kept `q` and ctrl+c waiting for up to a minute on a blank screen. Daemon threads are not
waited for, so quitting is immediate; nothing is lost, because every answer is saved with an
atomic write the moment it is graded (a write cut short leaves the previous file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class DaemonThreadExecutor(ThreadPoolExecutor):
    """One daemon thread per task; shutdown never waits for them. (A ThreadPoolExecutor only
    because asyncio accepts nothing else as its default executor; its pool is never used.)"""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self._closed:
            raise RuntimeError("executor is shut down")
        future: Future = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)

        threading.Thread(target=run, name="aieng-tui-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closed = True  # running tasks are daemons: the process may end under them
