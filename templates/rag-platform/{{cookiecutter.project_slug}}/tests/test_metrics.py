"""Prometheus metrics and JSON logs with request ids."""

import json
import logging

import pytest

from {{ cookiecutter.package_name }}.logs import JsonFormatter, request_id

from .conftest import wait_for_job


@pytest.mark.stage(6)
def test_metrics_cover_requests_latency_retrieval_and_ingestion(api):
    registry = api.services.metrics.registry
    chunks_before = registry.get_sample_value("rag_ingested_chunks_total")
    assert chunks_before > 0, "the sample corpus was counted when the fixture ingested it"
    api.client.post(
        "/query", json={"question": "battery storage", "stream": False}, headers=api.auth("query")
    )
    files = {"files": ("extra.md", b"# Extra\n\nSome extra words.", "text/markdown")}
    wait_for_job(api, api.client.post("/documents", files=files, headers=api.auth("ingest")))

    response = api.client.get("/metrics", headers=api.auth("admin"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'rag_http_requests_total{method="POST",route="/query",status="200"} 1.0' in text
    assert 'rag_http_request_duration_seconds_count{method="POST",route="/query"} 1.0' in text
    assert "rag_retrieval_seconds_count 1.0" in text
    assert "rag_llm_seconds_count" in text
    assert "rag_ingested_chunks_total" in text
    assert registry.get_sample_value("rag_ingested_chunks_total") == chunks_before + 1
    assert 'rag_ingested_documents_total{status="added"}' in text
    assert "rag_offline_fallbacks_total 1.0" in text
    assert 'rag_jobs_total{kind="ingest",status="done"} 1.0' in text


@pytest.mark.stage(6)
def test_streamed_answers_are_timed_to_their_last_byte(api):
    api.client.post("/query", json={"question": "battery storage"}, headers=api.auth("query"))
    registry = api.services.metrics.registry
    assert registry.get_sample_value("rag_streams_total", {"outcome": "ok"}) == 1
    assert registry.get_sample_value("rag_stream_seconds_count") == 1
    assert (
        registry.get_sample_value(
            "rag_http_requests_total", {"method": "POST", "route": "/query", "status": "200"}
        )
        == 1
    )


@pytest.mark.stage(6)
def test_unknown_paths_share_one_label(api):
    api.client.get("/no/such/page/123")
    text = api.client.get("/metrics", headers=api.auth("admin")).text
    assert 'route="unmatched",status="404"' in text
    assert "/no/such/page" not in text


@pytest.mark.stage(6)
def test_request_ids_are_echoed_or_generated(api):
    given = api.client.get("/health", headers={"X-Request-ID": "abc123"})
    assert given.headers["x-request-id"] == "abc123"
    fresh = api.client.get("/health").headers["x-request-id"]
    assert len(fresh) == 32 and fresh != "abc123"


def test_log_lines_are_json_with_the_request_id():
    record = logging.makeLogRecord(
        {"msg": "hello %s", "args": ("world",), "levelname": "INFO", "name": "t", "status": 200}
    )
    token = request_id.set("req-1")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "hello world"
    assert line["request_id"] == "req-1"
    assert line["status"] == 200 and line["level"] == "info"
