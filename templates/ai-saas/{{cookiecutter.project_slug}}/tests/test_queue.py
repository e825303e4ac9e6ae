"""With REDIS_URL set, documents go through the RQ queue and a real worker process."""

from __future__ import annotations

import os

import pytest
from helpers import add_document, api_sign_up

pytestmark = [
    pytest.mark.stage(6),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="REDIS_URL not set: the queue tests need a Redis server (docker compose up redis)",
    ),
]


def test_documents_are_processed_by_the_worker(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    doc = add_document(client, headers, ws, "Queued", "Processed by the queue worker.")
    assert doc["processed_by"].startswith("worker:")
    assert doc["chunk_count"] == 1


def test_many_documents_through_the_queue(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    docs = [add_document(client, headers, ws, f"Doc {i}", f"Body {i}.") for i in range(5)]
    assert {d["status"] for d in docs} == {"ready"}
    assert all(d["processed_by"].startswith("worker:") for d in docs)


def test_readiness_reports_the_queue(client) -> None:
    ready = client.get("/readyz").json()
    assert ready["queue_mode"] == "rq"
    assert ready["checks"]["queue"] == "ok"


def test_readiness_reports_a_worker_listening(client) -> None:
    ready = client.get("/readyz").json()
    assert ready["checks"]["worker"].startswith("ok (")


def test_readiness_fails_when_no_worker_listens(make_client) -> None:
    """Documents would stay pending forever: not ready."""
    client = make_client(queue_name="a-queue-nobody-works-on")
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["worker"] == "none listening"


def test_jobs_are_retried_with_growing_delays(client) -> None:
    from fastapi import BackgroundTasks
    from rq.job import Job

    jobs = client.app.state.jobs
    job_id = jobs.submit("no-such-document", BackgroundTasks())
    job = Job.fetch(job_id, connection=jobs.queue().connection)
    assert job.retries_left == 3
    assert job.retry_intervals == [10, 30, 90]


def test_readiness_fails_when_the_only_worker_died(make_client) -> None:
    """A killed worker stays registered in Redis for a while; its old heartbeat gives it away."""
    from datetime import datetime, timedelta, timezone

    from rq import Worker
    from rq.utils import utcformat

    client = make_client(queue_name="queue-of-a-dead-worker")
    queue = client.app.state.jobs.queue()
    dead = Worker([queue], connection=queue.connection)
    dead.register_birth()
    try:
        long_ago = datetime.now(timezone.utc) - timedelta(minutes=10)
        queue.connection.hset(dead.key, "last_heartbeat", utcformat(long_ago))
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["worker"] == "none listening"
    finally:
        dead.register_death()
