"""Background document processing: an RQ queue on Redis when REDIS_URL is set, else in-process."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import BackgroundTasks

from ..db import Database
from ..models import Document
from ..retrieval.documents import process_document
from ..retrieval.embeddings import Embedder
from ..settings import Settings

log = logging.getLogger(__name__)

JOB = f"{__package__}.tasks.process_document_job"
WORKER_TTL = 60
"""Seconds between a worker's heartbeats (set in worker.py); two missed ones mean it is dead."""
# aieng:stage 6 begin


def retry_delays(retries: int) -> list[int]:
    """Growing waits between attempts: 10 s, 30 s, 90 s, ..."""
    return [10 * 3**i for i in range(retries)]
# aieng:stage 6 stub


def retry_delays(retries: int) -> list[int]:
    """Growing waits between attempts: 10 s, 30 s, 90 s, ...

    One delay (in seconds) per retry, each three times the one before. See STAGES.md,
    stage 6.
    """
    raise NotImplementedError("stage 6: the growing delays between a job's retries")
# aieng:stage 6 end


class DocumentJobs:
    """Schedules document processing. Web requests never chunk documents themselves."""

    def __init__(self, settings: Settings, database: Database, embedder: Embedder) -> None:
        self.settings = settings
        self.database = database
        self.embedder = embedder
        self._queue: Any = None

    @property
    def mode(self) -> str:
        return "rq" if self.settings.redis_url else "in-process"

    def queue(self) -> Any:  # rq.Queue, imported lazily
        if self._queue is None:
            from redis import Redis
            from rq import Queue

            connection = Redis.from_url(self.settings.redis_url or "", socket_connect_timeout=5)
            self._queue = Queue(self.settings.queue_name, connection=connection)
        return self._queue

    def submit(self, document_id: str, background: BackgroundTasks) -> str | None:
        """Queue the document (returns the RQ job id) or schedule it in-process (None)."""
        if self.settings.redis_url:
            # aieng:stage 6 begin
            from redis.exceptions import RedisError
            from rq import Retry

            retries = self.settings.job_retries
            try:
                job = self.queue().enqueue(
                    JOB,
                    document_id,
                    job_timeout=300,
                    result_ttl=600,
                    retry=Retry(max=retries, interval=retry_delays(retries)) if retries else None,
                )
                log.info("document queued", extra={"document_id": document_id})
                return str(job.id)
            except RedisError as exc:  # keep the product working; /readyz reports the outage
                log.warning(
                    "queue unavailable: processing in-process",
                    extra={"document_id": document_id, "error": str(exc)},
                )
            # aieng:stage 6 stub
            # Enqueue JOB with a time limit and Retry(max=job_retries, interval=retry_delays(...));
            # when Redis is down, log it and fall through to in-process. See STAGES.md, stage 6.
            raise NotImplementedError("stage 6: put the document on the RQ queue, with retries")
            # aieng:stage 6 end
        background.add_task(self.run_inline, document_id)
        return None

    def run_inline(self, document_id: str) -> None:
        """In-process: no retries here; a failure stays visible on the document."""
        try:
            with self.database.session() as db:
                process_document(db, document_id, "inline", self.embedder)
        except Exception as exc:  # noqa: BLE001 - the web request has long been answered
            log.warning(
                "document processing failed",
                extra={"document_id": document_id, "error": f"{type(exc).__name__}: {exc}"},
            )
            self._mark_failed(document_id, exc)
            return
        log.info("document processed", extra={"document_id": document_id, "queue": self.mode})

    def _mark_failed(self, document_id: str, exc: Exception) -> None:
        """A document whose processing raised must not wait as "pending" forever."""
        try:
            with self.database.session() as db:
                document = db.get(Document, document_id)
                if document is not None and document.status != "failed":
                    document.status = "failed"
                    document.error = f"Processing failed ({type(exc).__name__}); see the logs."
        except Exception:  # noqa: BLE001 - the database itself is down: the log line says so
            log.warning("could not mark the document failed", extra={"document_id": document_id})

    def ping(self) -> bool:
        """Readiness: can we reach Redis? (True when no queue is configured.)"""
        if not self.settings.redis_url:
            return True
        return bool(self.queue().connection.ping())

    def workers(self) -> int | None:
        """How many live RQ workers listen on our queue (None without a queue).

        A worker records a heartbeat in Redis every WORKER_TTL seconds; a killed one stops,
        so it no longer counts once its last heartbeat is two periods old.
        """
        if not self.settings.redis_url:
            return None
        from rq import Worker

        now = datetime.now(timezone.utc)
        alive = 0
        for worker in Worker.all(queue=self.queue()):
            beat = worker.last_heartbeat
            if beat is None:
                continue
            beat = beat if beat.tzinfo else beat.replace(tzinfo=timezone.utc)
            alive += now - beat < timedelta(seconds=2 * WORKER_TTL)
        return alive
