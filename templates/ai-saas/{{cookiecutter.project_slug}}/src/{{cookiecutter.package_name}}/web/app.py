"""The application factory (`uvicorn <package>.web.app:create_app --factory`)."""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import migrate
from ..accounts.mail import Mailer, mailer_for
from ..billing.stripe_billing import Billing
from ..chat.llm import ChatModel, OllamaChat
from ..db import Database
from ..errors import AppError
from ..flavours import get_flavour
from ..jobs.maintenance import purge_expired
from ..jobs.queue import DocumentJobs
from ..limits.body import BodyLimitMiddleware, limit_for
from ..logs import configure_logging
from ..retrieval.embeddings import Embedder, embedder_for
from ..settings import Settings
from .cookies import cookie_names, set_cookie
from .deps import LoginRequired, is_htmx, render
from .routes import account_pages, api, auth_pages, billing, ops, pages, team_pages
from .security_headers import add_security_headers

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)
# Secrets in URLs (invite, verification and reset tokens) never reach the access log.
_SECRET_PATHS = re.compile(r"/(invites|verify|reset)/[^/]+")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # a proxy's id, if it is a plain token


def create_app(
    settings: Settings | None = None,
    model: ChatModel | None = None,
    mailer: Mailer | None = None,
    embedder: Embedder | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own settings, a fake model and mailer."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    flavour = get_flavour(settings.flavour)
    database = Database(settings.database_url)
    if settings.auto_migrate:
        migrate.upgrade(database.engine)
        purge_expired(database, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = FastAPI(title=settings.product_name, version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.flavour = flavour
    app.state.db = database
    app.state.model = model or OllamaChat(
        settings.ollama_host, settings.ollama_model, settings.ollama_timeout
    )
    app.state.embedder = embedder or embedder_for(settings)
    app.state.mailer = mailer or mailer_for(settings)
    app.state.billing = Billing(settings)
    app.state.jobs = DocumentJobs(settings, database, app.state.embedder)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (ops, api, auth_pages, account_pages, team_pages, pages, billing):
        app.include_router(module.router)
    app.add_middleware(BodyLimitMiddleware, limit=limit_for(settings))
    _add_request_context(app, settings)
    _add_error_handlers(app)
    return app


def _add_request_context(app: FastAPI, settings: Settings) -> None:
    names = cookie_names(settings)

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Request id, security headers, the CSRF nonce cookie, one access-log line each."""
        started = time.perf_counter()
        given = request.headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        request.state.request_id = request_id
        nonce = request.cookies.get(names.csrf)
        new_nonce = None if nonce else secrets.token_urlsafe(24)
        request.state.csrf_nonce = nonce or new_nonce
        try:
            response = await call_next(request)
        except Exception:  # logged with its request id; the user sees that id, no details
            log.exception("unhandled error", extra={"request_id": request_id})
            response = _server_error(request, request_id)
        new_nonce = getattr(request.state, "rotated_nonce", None) or new_nonce
        if new_nonce:
            set_cookie(response, settings, names.csrf, new_nonce)
        response.headers["x-request-id"] = request_id
        add_security_headers(response, request.url.path, settings.secure_cookies)
        route = request.scope.get("route")
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": _SECRET_PATHS.sub(r"/\1/<redacted>", request.url.path),
                "route": getattr(route, "path", None),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def _server_error(request: Request, request_id: str) -> Response:
    message = f"Something went wrong on our side (request id {request_id})."
    if _wants_json(request):
        return JSONResponse({"detail": message, "request_id": request_id}, status_code=500)
    return HTMLResponse(f"<!doctype html><title>Error</title><p>{message}</p>", status_code=500)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/billing/webhook")) or path in ("/healthz", "/readyz")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        if isinstance(exc, LoginRequired) and not _wants_json(request):
            target = "/login?next=" + quote(request.url.path)
            if is_htmx(request):
                return Response(status_code=401, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.message}, status_code=exc.status_code, headers=exc.headers
            )
        template = "_alert.html" if is_htmx(request) else "error.html"
        response = render(request, template, {"message": exc.message, "status": exc.status_code})
        response.status_code = exc.status_code
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        message = "Page not found." if exc.status_code == 404 else str(exc.detail)
        template = "_alert.html" if is_htmx(request) else "error.html"
        response = render(request, template, {"message": message, "status": exc.status_code})
        response.status_code = exc.status_code
        return response
