"""Background ingestion: uploads return at once, progress is visible, searches never wait."""

import threading
import time

import pytest

from {{ cookiecutter.package_name }}.ingestion.catalog import CLI
from {{ cookiecutter.package_name }}.ingestion.jobs import SpooledFile
from {{ cookiecutter.package_name }}.retrieval.embedders import HashingEmbedder

from .conftest import ingest_folder, make_api


class GatedEmbedder(HashingEmbedder):
    """Embeds normally, but the job worker waits at a gate: a job that is 'slow' on demand."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def embed(self, texts):
        if threading.current_thread().name == "ingest-jobs":
            self.waiting.set()
            assert self.gate.wait(30)
        return super().embed(texts)


def _spool(services, tmp_path, count):
    files = []
    for i in range(count):
        path = tmp_path / f"up{i}"
        path.write_text(
            f"# Doc {i}\n\nA long enough paragraph about gearbox number {i} and its oil."
        )
        files.append(SpooledFile(f"doc{i}.md", path))
    return files


@pytest.mark.stage(5)
def test_searches_never_wait_for_a_running_job(services, tmp_path):
    ingest_folder(services)
    gated = GatedEmbedder()
    services.ingestor.embedder = gated
    job = services.jobs.submit_ingest(_spool(services, tmp_path, 20), "default", CLI)
    try:
        assert gated.waiting.wait(10), "the job is in the middle of a batch"
        assert services.jobs.get(job.id).status == "running"
        started = time.perf_counter()
        hits = services.rag.retrieve("How long does a full charge take?")
        assert time.perf_counter() - started < 2 and hits[0].source == "battery-care.txt"
    finally:  # a failed search must not leave the worker at the gate (closing waits for it)
        gated.gate.set()
    done = services.jobs.wait(job.id, 30)
    assert done.status == "done" and done.done == 20
    assert len(services.catalog.documents(["default"])) == 6 + 20


@pytest.mark.stage(6)
def test_upload_returns_202_before_the_work_is_done(services):
    gated = GatedEmbedder()
    services.ingestor.embedder = gated
    api = make_api(services)
    files = [
        (
            "files",
            (f"d{i}.md", f"# D{i}\n\nA paragraph long enough to be gated, number {i}.".encode()),
        )
        for i in range(3)
    ]
    response = api.client.post("/documents", files=files, headers=api.auth("ingest"))
    try:
        assert response.status_code == 202
        job_id = response.json()["job_id"]
        assert gated.waiting.wait(10)
        running = api.client.get(f"/jobs/{job_id}", headers=api.auth("ingest")).json()
        assert running["status"] == "running" and running["done"] < running["total"] == 3
    finally:
        gated.gate.set()
    assert services.jobs.wait(job_id, 30).status == "done"
    assert not any(services.jobs.spool.iterdir()), "spooled uploads are removed"


@pytest.mark.stage(1)
def test_a_failing_job_reports_why(services, tmp_path):
    def broken(texts):
        raise RuntimeError("embedder exploded")

    services.ingestor.embedder.embed = broken  # type: ignore[method-assign]
    job = services.jobs.submit_ingest(_spool(services, tmp_path, 2), "default", CLI)
    done = services.jobs.wait(job.id, 30)
    assert done.status == "failed" and "embedder exploded" in done.error
    assert (
        services.metrics.registry.get_sample_value(
            "rag_jobs_total", {"kind": "ingest", "status": "failed"}
        )
        == 1
    )
