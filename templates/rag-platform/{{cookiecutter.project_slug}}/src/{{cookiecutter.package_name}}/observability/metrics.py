"""Prometheus metrics, in a registry per app so tests and several apps never collide."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)


class Metrics:
    """Requests, latencies, retrieval and LLM time, ingested chunks, offline fallbacks."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "rag_http_requests", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "rag_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=r,
        )
        self.retrieval_seconds = Histogram(
            "rag_retrieval_seconds", "Embedding the question and searching Qdrant", registry=r
        )
        self.llm_seconds = Histogram(
            "rag_llm_seconds",
            "Generating an answer with the chat model",
            buckets=(0.1, 0.5, 1, 2, 5, 10, 20, 40, 80),
            registry=r,
        )
        self.ingested_chunks = Counter(
            "rag_ingested_chunks", "Chunks written to the store", registry=r
        )
        self.ingested_documents = Counter(
            "rag_ingested_documents", "Documents by ingest outcome", ["status"], registry=r
        )
        self.fallbacks = Counter(
            "rag_offline_fallbacks", "Answers served by the offline fallback", registry=r
        )
        self.streams = Counter(
            "rag_streams",
            "Streamed answers by how they ended (ok or error)",
            ["outcome"],
            registry=r,
        )
        self.stream_seconds = Histogram(
            "rag_stream_seconds",
            "Streamed answers, from the request to the last byte",
            buckets=(0.1, 0.5, 1, 2, 5, 10, 20, 40, 80),
            registry=r,
        )
        self.unknown_citations = Counter(
            "rag_unknown_citations",
            "[n] markers in answers that named no given passage (removed)",
            registry=r,
        )
        self.below_threshold = Counter(
            "rag_below_threshold_passages",
            "Candidate passages dropped by the relevance threshold",
            registry=r,
        )
        self.jobs = Counter(
            "rag_jobs", "Background jobs by outcome", ["kind", "status"], registry=r
        )
        self.rate_limited = Counter("rag_rate_limited", "Requests refused with 429", registry=r)

    def render(self) -> bytes:
        return generate_latest(self.registry)
