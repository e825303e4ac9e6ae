"""Background jobs: an upload returns at once with a job id; one worker thread ingests.

Uploaded files are spooled to disk first (memory stays flat however big the upload), and the
worker reads them one at a time. Searches never wait for a job: the store is locked per batch.
Jobs live in memory: a restart forgets finished ones and the spool of unfinished ones.
"""

from __future__ import annotations

import logging
import queue
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from ..observability.metrics import Metrics
from .catalog import Actor
from .pipeline import Ingestor, IngestResult, Upload

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "done", "failed"]
KEEP_FINISHED = 500
"""Finished jobs remembered for GET /jobs/{id}; older ones are forgotten."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SpooledFile:
    source: str
    path: Path
    doc_id: str | None = None


@dataclass
class Job:
    id: str
    kind: Literal["ingest", "reembed"]
    owner: str
    collection: str
    total: int
    status: JobStatus = "queued"
    done: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "collection": self.collection,
            "total": self.total,
            "done": self.done,
            "results": list(self.results),
            "error": self.error,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
        }


class JobQueue:
    def __init__(self, ingestor: Ingestor, spool: Path, metrics: Metrics | None = None) -> None:
        self.ingestor = ingestor
        self.spool = spool
        self.metrics = metrics
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]] | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def _start(self) -> None:
        with self._lock:
            if self._worker is None:
                # The worker is CPU-bound Python (chunking, hashing). With the default 5 ms
                # switch interval a request thread waits up to 5 ms for the GIL after every
                # release; 0.5 ms keeps searches quick while a job runs.
                sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))
                self._worker = threading.Thread(target=self._run, name="ingest-jobs", daemon=True)
                self._worker.start()

    def new_spool(self) -> Path:
        folder = self.spool / uuid.uuid4().hex
        folder.mkdir(parents=True)
        return folder

    def submit_ingest(
        self, files: list[SpooledFile], collection: str, actor: Actor, folder: Path | None = None
    ) -> Job:
        job = Job(uuid.uuid4().hex[:16], "ingest", actor.id, collection, total=len(files))

        def work(job: Job) -> None:
            def uploads() -> Iterator[Upload]:
                for f in files:
                    data = f.path.read_bytes()
                    f.path.unlink(missing_ok=True)
                    yield Upload(f.source, data, f.doc_id)

            def progress(result: IngestResult) -> None:
                job.results.append(result.to_dict())
                job.done += 1

            try:
                self.ingestor.ingest(uploads(), collection, actor, progress)
            finally:
                if folder is not None:
                    shutil.rmtree(folder, ignore_errors=True)

        return self._submit(job, work)

    def submit_reembed(self, actor: Actor) -> Job:
        total = self.ingestor.keywords.count()
        job = Job(uuid.uuid4().hex[:16], "reembed", actor.id, "*", total=total)

        def work(job: Job) -> None:
            def progress(done: int) -> None:
                job.done = done

            job.done = self.ingestor.reembed(progress)
            job.total = max(job.total, job.done)

        return self._submit(job, work)

    def _submit(self, job: Job, work: Callable[[Job], None]) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished_at]
            for old in finished[: max(0, len(finished) - KEEP_FINISHED)]:
                del self._jobs[old.id]
        self._start()
        self._queue.put((job, work))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def active(self) -> int:
        with self._lock:
            return sum(j.status in ("queued", "running") for j in self._jobs.values())

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job finishes (the CLI and tests; the API never waits)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job is None or job.finished_at or time.monotonic() > deadline:
                if job is None:
                    raise KeyError(job_id)
                return job
            time.sleep(0.01)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, work = item
            job.status = "running"
            try:
                work(job)
                job.status = "done"
            except Exception as exc:  # noqa: BLE001 - a job's failure is reported, never raised
                log.exception("job %s failed", job.id)
                job.status, job.error = "failed", str(exc) or type(exc).__name__
            job.finished_at = _now()
            if self.metrics:
                self.metrics.jobs.labels(job.kind, job.status).inc()

    def close(self) -> None:
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout=30)
