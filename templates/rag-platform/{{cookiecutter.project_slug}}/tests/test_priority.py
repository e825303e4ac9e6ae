"""Searches first: a background job pauses between steps while a search runs."""

import threading
import time

import pytest

from {{ cookiecutter.package_name }}.ingestion.catalog import CLI
from {{ cookiecutter.package_name }}.priority import SearchFirst, searches
from {{ cookiecutter.package_name }}.retrieval.embedders import HashingEmbedder

from .test_jobs import _spool


def _checkpoint_in_thread(gate: SearchFirst) -> tuple[threading.Thread, list[float]]:
    waited: list[float] = []

    def run() -> None:
        started = time.monotonic()
        gate.checkpoint()
        waited.append(time.monotonic() - started)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, waited


def test_a_checkpoint_with_no_search_running_returns_at_once():
    gate = SearchFirst(max_pause=5)
    started = time.monotonic()
    gate.checkpoint()
    assert time.monotonic() - started < 0.5


def test_a_checkpoint_waits_for_the_running_search_then_goes_on():
    gate = SearchFirst(max_pause=5)
    with gate:
        thread, waited = _checkpoint_in_thread(gate)
        time.sleep(0.3)
        assert not waited, "the job went on while a search was running"
        with gate:  # a search that starts later does not hold the job back once the first ends
            pass
    thread.join(5)
    assert waited and 0.25 < waited[0] < 4


def test_a_stream_of_searches_slows_a_job_but_never_stops_it():
    gate = SearchFirst(max_pause=0.2)
    with gate:
        thread, waited = _checkpoint_in_thread(gate)
        thread.join(5)
    assert waited and 0.15 < waited[0] < 2


def test_searches_that_overlap_are_all_waited_for():
    gate = SearchFirst(max_pause=5)
    first, second = gate.__enter__(), gate.__enter__()
    thread, waited = _checkpoint_in_thread(gate)
    first.__exit__(None, None, None)
    time.sleep(0.3)
    assert not waited, "one of the two searches is still running"
    second.__exit__(None, None, None)
    thread.join(5)
    assert waited


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.started = threading.Event()

    def embed(self, texts):
        self.calls += 1
        self.started.set()
        time.sleep(0.01)  # a step that takes a while, as on a busy machine
        return super().embed(texts)


@pytest.mark.stage(2)
def test_a_running_job_takes_no_step_while_a_search_runs(services, tmp_path):
    embedder = CountingEmbedder()
    services.ingestor.embedder = embedder
    services.ingestor.batch = 1  # one chunk per step: many checkpoints
    job = services.jobs.submit_ingest(_spool(services, tmp_path, 40), "default", CLI)
    deadline = time.monotonic() + 10
    while not embedder.started.wait(0.05) and time.monotonic() < deadline:
        ended = services.jobs.get(job.id)
        if ended.finished_at:  # it failed before embedding anything: say why now
            raise AssertionError(f"the job ended before its first batch: {ended.error}")
    assert embedder.started.is_set()
    with searches:
        before = embedder.calls
        time.sleep(min(0.15, searches.max_pause / 2))
        during = embedder.calls - before
    assert during <= 1, f"the job embedded {during} batches while a search ran"
    done = services.jobs.wait(job.id, 60)
    assert done.status == "done" and done.done == 40
    assert embedder.calls > before + 1, "the job went on once the search ended"
