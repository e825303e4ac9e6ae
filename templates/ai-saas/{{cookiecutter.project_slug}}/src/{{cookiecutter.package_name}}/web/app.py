"""The application factory: `uvicorn {{ cookiecutter.package_name }}.app:create_app --factory`."""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import migrate
from .db import Database
from .errors import AppError
from .flavours import get_flavour
from .jobs import DocumentJobs
from .llm import ChatModel, OllamaChat
from .logs import configure_logging
from .routes import api, auth_pages, ops, pages
from .settings import Settings
from .web import CSRF_COOKIE, LoginRequired, is_htmx, render

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, model: ChatModel | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings and a fake model."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    flavour = get_flavour(settings.flavour)
    database = Database(settings.database_url)
    if settings.auto_migrate:
        migrate.upgrade(database.engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202
        yield
        database.dispose()

    app = FastAPI(title=flavour.product, version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.flavour = flavour
    app.state.db = database
    app.state.model = model or OllamaChat(
        settings.ollama_host, settings.ollama_model, settings.ollama_timeout
    )
    app.state.jobs = DocumentJobs(settings, database)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(ops.router)
    app.include_router(api.router)
    app.include_router(auth_pages.router)
    app.include_router(pages.router)
    _add_middleware(app, settings)
    _add_error_handlers(app)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def request_context(request: Request, call_next):  # noqa: ANN001, ANN202
        """Request id + JSON access log; hand out the CSRF cookie nonce on first visit."""
        started = time.perf_counter()
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        nonce = request.cookies.get(CSRF_COOKIE)
        new_nonce = None if nonce else secrets.token_urlsafe(24)
        request.state.csrf_nonce = nonce or new_nonce
        response = await call_next(request)
        if new_nonce:
            response.set_cookie(
                CSRF_COOKIE,
                new_nonce,
                httponly=True,
                samesite="lax",
                secure=settings.cookie_secure,
            )
        response.headers["x-request-id"] = request_id
        response.headers.setdefault("x-content-type-options", "nosniff")
        response.headers.setdefault("referrer-policy", "same-origin")
        response.headers.setdefault("x-frame-options", "DENY")
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/readyz")


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
        response = render(request, "error.html", {"message": message, "status": exc.status_code})
        response.status_code = exc.status_code
        return response
