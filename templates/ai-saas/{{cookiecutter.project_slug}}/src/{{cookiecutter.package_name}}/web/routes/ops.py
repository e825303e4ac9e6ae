"""Health (the process is up) and readiness (its dependencies answer) for load balancers."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(tags=["ops"])
log = logging.getLogger(__name__)


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """Ready when the database answers and, with a queue, Redis answers and at least one
    worker listens. Ollama is reported, not required: without it chat answers from the
    labelled offline fallback."""
    state = request.app.state
    checks: dict[str, str] = {}
    try:
        with state.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        log.warning("readiness: database", extra={"error": str(exc)})
        checks["database"] = "unavailable"
    try:
        checks["queue"] = "ok" if state.jobs.ping() else "unavailable"
        workers = state.jobs.workers()
        if workers is not None:  # documents would wait forever with nobody to process them
            checks["worker"] = f"ok ({workers} listening)" if workers else "none listening"
    except Exception as exc:  # noqa: BLE001
        log.warning("readiness: queue", extra={"error": str(exc)})
        checks["queue"] = "unavailable"
    health = getattr(state.model, "health", None)
    version = health() if health else "n/a"
    checks["model"] = f"ok ({version})" if version else "offline (fallback answers)"
    ready = (
        checks["database"] == "ok"
        and checks["queue"] == "ok"
        and not checks.get("worker", "ok").startswith("none")
    )
    body = {
        "status": "ready" if ready else "not ready",
        "checks": checks,
        "queue_mode": state.jobs.mode,
    }
    return JSONResponse(body, status_code=200 if ready else 503)
