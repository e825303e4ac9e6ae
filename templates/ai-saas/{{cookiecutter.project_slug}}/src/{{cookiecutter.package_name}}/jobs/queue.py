"""Background document processing: an RQ queue on Redis when REDIS_URL is set, else in-process."""

from __future__ import annotations

import logging

from fastapi import BackgroundTasks

from .db import Database
from .documents import process_document
from .settings import Settings

log = logging.getLogger(__name__)

JOB = f"{__package__}.tasks.process_document_job"


class DocumentJobs:
    """Schedules document processing. Web requests never chunk documents themselves."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self._queue = None

    @property
    def mode(self) -> str:
        return "rq" if self.settings.redis_url else "in-process"

    def queue(self):  # noqa: ANN201 - rq.Queue, imported lazily
        if self._queue is None:
            from redis import Redis
            from rq import Queue

            connection = Redis.from_url(self.settings.redis_url, socket_connect_timeout=5)
            self._queue = Queue(self.settings.queue_name, connection=connection)
        return self._queue

    def submit(self, document_id: str, background: BackgroundTasks) -> None:
        if self.settings.redis_url:
            from redis.exceptions import RedisError

            try:
                self.queue().enqueue(JOB, document_id, job_timeout=300, result_ttl=600)
                log.info("document queued", extra={"document_id": document_id})
                return
            except RedisError as exc:  # keep the product working; /readyz reports the outage
                log.warning(
                    "queue unavailable: processing in-process",
                    extra={"document_id": document_id, "error": str(exc)},
                )
        background.add_task(self.run_inline, document_id)

    def run_inline(self, document_id: str) -> None:
        with self.database.session() as db:
            process_document(db, document_id, processed_by="inline")
        log.info("document processed", extra={"document_id": document_id, "queue": self.mode})

    def ping(self) -> bool:
        """Readiness: can we reach Redis? (True when no queue is configured.)"""
        if not self.settings.redis_url:
            return True
        return bool(self.queue().connection.ping())
