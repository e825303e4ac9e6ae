"""The HTTP API: middleware (body cap, request ids, metrics), error mapping, and the routes."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response

from ..config import Settings
from ..errors import Forbidden, LLMUnavailable, NotFound, RagError
from ..logs import request_id
from ..services import Services, build_services
from . import documents, ops, query
from .limits import BodyLimit

log = logging.getLogger(__name__)
TITLE = "{{ cookiecutter.project_name }}"


def _error(status: int, message: str) -> Response:
    return Response(json.dumps({"detail": message}), status, media_type="application/json")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the app; pass `services` to inject fakes (tests) or share them (quickstart)."""
    settings = settings or (services.settings if services else Settings.from_env())
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    # The API docs need a key too (served in ops.py).
    app = FastAPI(
        title=TITLE,
        version="0.2.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.services = services
    app.state.settings = settings
    app.state.title = TITLE
    metrics = services.metrics

    @app.middleware("http")
    async def observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()

        def record(status: str) -> None:
            elapsed = time.perf_counter() - started
            route_path = getattr(request.scope.get("route"), "path", "unmatched")
            metrics.requests.labels(request.method, route_path, status).inc()
            metrics.latency.labels(request.method, route_path).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )

        try:
            response = await call_next(request)
        except Exception:
            record("500")
            raise
        finally:
            request_id.reset(token)
        response.headers["X-Request-ID"] = rid
        if "ndjson" not in response.headers.get("content-type", ""):
            record(str(response.status_code))
            return response
        # A streamed answer is timed to its last byte, and counted as failed if it ended in error.
        streamed: Any = response  # call_next hands back a streaming response with a body iterator
        body = streamed.body_iterator
        outcome = {"failed": False}

        async def timed() -> AsyncIterator[bytes]:
            try:
                async for chunk in body:
                    data = chunk if isinstance(chunk, bytes) else str(chunk).encode()
                    if b'"type": "error"' in data:
                        outcome["failed"] = True
                    yield data
            finally:
                failed = outcome["failed"]
                record("stream-error" if failed else str(response.status_code))
                metrics.streams.labels("error" if failed else "ok").inc()
                metrics.stream_seconds.observe(time.perf_counter() - started)

        streamed.body_iterator = timed()
        return response

    @app.exception_handler(LLMUnavailable)
    async def unavailable(request: Request, exc: LLMUnavailable) -> Response:
        return _error(503, str(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(403, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(404, str(exc))

    @app.exception_handler(RagError)
    async def rag_error(request: Request, exc: RagError) -> Response:
        return _error(400, str(exc))

    app.include_router(ops.router)
    app.include_router(query.router)
    app.include_router(documents.router)
    # Outermost: refuse an oversized body before any route, key check or form parser sees it.
    app.add_middleware(BodyLimit, max_bytes=int(settings.max_upload_mb * 1024 * 1024))
    return app
