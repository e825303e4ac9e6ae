"""The HTTP API: health, query (streamed), search, ingest, sources, eval, dashboard, metrics."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, File, HTTPException, Request, Response, UploadFile
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from .auth import ApiKey, require
from .config import Settings
from .dashboard import render_dashboard
from .errors import RagError
from .evaluation import evaluate, load_golden
from .llm import ollama_reachable
from .logs import request_id
from .services import Services, build_services

log = logging.getLogger(__name__)
TITLE = "{{ cookiecutter.project_name }}"

QueryKey = Annotated[ApiKey, Depends(require("query"))]
IngestKey = Annotated[ApiKey, Depends(require("ingest"))]
AdminKey = Annotated[ApiKey, Depends(require("admin"))]


class QueryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=4000)
    top_k: int | None = Field(None, ge=1, le=50)
    sources: list[str] | None = None
    """Only search chunks from these sources (metadata filter)."""
    stream: bool = True
    """Stream NDJSON events (citations, tokens, done); false returns one JSON object."""


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=4000)
    top_k: int | None = Field(None, ge=1, le=50)
    sources: list[str] | None = None


class EvalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int | None = Field(None, ge=1, le=50)
    judge: bool = True


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app; pass `services` to inject fakes (tests) or share them (quickstart)."""
    settings = settings or (services.settings if services else Settings.from_env())
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    # The API docs need a key too (served below); a browser asks for it through Basic auth.
    app = FastAPI(
        title=TITLE,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.services = services
    metrics = services.metrics

    @app.middleware("http")
    async def observe(request: Request, call_next):
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = rid
            return response
        finally:
            route = request.scope.get("route")
            path = getattr(route, "path", "unmatched")
            elapsed = time.perf_counter() - started
            metrics.requests.labels(request.method, path, str(status)).inc()
            metrics.latency.labels(request.method, path).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            request_id.reset(token)

    @app.exception_handler(RagError)
    async def rag_error(request: Request, exc: RagError) -> Response:
        return Response(json.dumps({"detail": str(exc)}), 400, media_type="application/json")

    @app.get("/health")
    def health() -> dict:
        """Open to everyone: is the service up, and what is it running on?"""
        online = not settings.offline and ollama_reachable(settings.ollama_host, timeout=0.5)
        return {
            "status": "ok",
            "embedder": services.embedder.label,
            "offline_embedder": services.embedder.offline,
            "chat_model": services.chat.name if services.chat else None,
            "ollama": "reachable" if online else "unreachable (offline fallback answers)",
            "vector_store": services.store.describe(),
            "chunks": services.store.count(),
        }

    @app.post("/query")
    def query(body: QueryRequest, _: QueryKey):
        if not body.stream:
            return services.rag.answer(body.question, body.top_k, body.sources)
        events = services.rag.stream(body.question, body.top_k, body.sources)
        lines = (json.dumps(event) + "\n" for event in events)
        return StreamingResponse(lines, media_type="application/x-ndjson")

    @app.post("/search")
    def search(body: SearchRequest, _: QueryKey) -> dict:
        hits = services.rag.retrieve(body.query, body.top_k, body.sources)
        return {"hits": [hit.__dict__ for hit in hits]}

    @app.get("/sources")
    def sources(_: QueryKey) -> dict:
        return {
            "sources": [{"source": s, "chunks": n} for s, n in services.store.sources().items()]
        }

    @app.post("/documents")
    def upload(files: Annotated[list[UploadFile], File()], _: IngestKey) -> dict:
        limit = int(settings.max_upload_mb * 1024 * 1024)
        documents = []
        for upload in files:  # check every file before ingesting any
            name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
            if not name:
                raise HTTPException(422, "every upload needs a file name")
            data = upload.file.read(limit + 1)
            if len(data) > limit:
                raise HTTPException(413, f"{name} is larger than {settings.max_upload_mb:g} MB")
            documents.append((name, data))
        return {"results": [services.ingestor.ingest_bytes(n, d).to_dict() for n, d in documents]}

    @app.delete("/sources/{source:path}")
    def delete_source(source: str, _: AdminKey) -> dict:
        removed = services.store.delete_source(source)
        if not removed:
            raise HTTPException(404, f"no chunks from {source!r}")
        return {"source": source, "removed_chunks": removed}

    @app.post("/eval")
    def run_eval(_: AdminKey, body: EvalRequest | None = None) -> dict:
        body = body or EvalRequest()
        items = load_golden(settings.golden_set)
        judge = services.chat if body.judge else None
        run = services.runs.save(evaluate(services.rag, items, body.k or settings.top_k, judge))
        return run.summary()

    @app.get("/eval/runs")
    def eval_runs(_: QueryKey) -> dict:
        return {"runs": [run.summary() for run in services.runs.list()]}

    @app.get("/dashboard", response_class=HTMLResponse)
    def dashboard(_: QueryKey) -> str:
        return render_dashboard(
            TITLE, services.runs.list(), services.embedder.label, services.store.count()
        )

    @app.get("/metrics")
    def prometheus(_: AdminKey) -> Response:
        return Response(metrics.render(), media_type=metrics.content_type)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: QueryKey) -> dict:
        return app.openapi()

    @app.get("/docs", include_in_schema=False)
    def docs(_: QueryKey) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{TITLE} - API docs")

    return app
