"""Operations: liveness, readiness, metrics, evaluation, the dashboard, API docs, re-embedding."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..access.audit import audit
from ..access.keys import ApiKey
from ..answers.llm import OLLAMA_ERRORS, explain
from ..observability.dashboard import render_dashboard
from ..observability.evaluation import evaluate, load_golden
from ..retrieval.embedders import probe
from ..services import Services
from .pages import page
from .query import ServicesDep
from .security import require

router = APIRouter()
QueryKey = Annotated[ApiKey, Depends(require("query"))]
AdminKey = Annotated[ApiKey, Depends(require("admin"))]


class EvalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int | None = Field(None, ge=1, le=50)
    judge: bool = True
    distractors: int = Field(0, ge=0, le=2000)
    """Also score with this many unrelated documents in the index (0: skip)."""


@router.get("/health")
def health() -> dict:
    """Liveness only: the process answers. Whether it can serve is /ready's question."""
    return {"status": "ok"}


def _model_check(services: Services) -> tuple[bool, str]:
    if services.settings.offline or services.client is None:
        return True, "offline mode: answers are the labelled extractive fallback"
    name = services.settings.chat_model
    try:
        models = {m.model for m in services.client.list().models if m.model}
    except OLLAMA_ERRORS as exc:
        return False, explain(exc, name)
    if name in models or f"{name}:latest" in models:
        return True, f"ollama:{name}"
    return False, f"Ollama has no model {name!r}: run `ollama pull {name}`"


@router.get("/ready")
def ready(services: ServicesDep) -> Response:
    """Readiness: store, embedder and chat model each checked now; 503 unless all are usable."""
    services.recover_embedder()
    checks: dict[str, dict[str, Any]] = {}
    try:
        services.store.count()
        checks["store"] = {"ok": True, "detail": services.store.describe()}
    except Exception as exc:  # noqa: BLE001 - any store failure means "not ready", with its reason
        checks["store"] = {"ok": False, "detail": f"{services.store.describe()}: {exc}"}
    problem = probe(services.embedder)
    if services.choice.waiting_for_ollama:
        problem = problem or services.choice.reason
    checks["embedder"] = {"ok": problem is None, "detail": problem or services.embedder.label}
    ok, detail = _model_check(services)
    checks["model"] = {"ok": ok, "detail": detail}
    index = services.index_report()
    index_ok = "reembed" not in index
    checks["index"] = {"ok": index_ok, "detail": index.get("reembed", f"live: {index['live']}")}
    body = {
        "ready": all(c["ok"] for c in checks.values()),
        "checks": checks,
        "index": index,
        "jobs_running": services.jobs.active(),
    }
    return JSONResponse(body, status_code=200 if body["ready"] else 503)


@router.post("/reembed", status_code=202)
def reembed(key: AdminKey, services: ServicesDep) -> JSONResponse:
    """Embed every stored chunk with the live embedder (after switching embedders)."""
    job = services.jobs.submit_reembed(key.actor)
    audit("index.reembed", key.id, job_id=job.id, index=services.embedder.key)
    return JSONResponse({"job_id": job.id, "status_url": f"/jobs/{job.id}"}, status_code=202)


@router.post("/eval")
def run_eval(key: AdminKey, services: ServicesDep, body: EvalRequest | None = None) -> dict:
    body = body or EvalRequest.model_validate({})
    settings = services.settings
    items = load_golden(settings.golden_set)
    judge = services.chat if body.judge else None
    run = evaluate(
        services.rag,
        items,
        body.k or settings.top_k,
        judge,
        distractors=body.distractors,
        ingestor=services.ingestor,
        catalog=services.catalog,
    )
    audit("eval.run", key.id, k=run.k, distractors=body.distractors)
    return services.runs.save(run).summary()


@router.get("/eval/runs")
def eval_runs(_: QueryKey, services: ServicesDep) -> dict:
    return {"runs": [run.summary() for run in services.runs.list()]}


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request) -> str:
    """A static shell: it asks for the key and loads /dashboard/view with it as a header."""
    return page("shell.html", title=request.app.state.title, view="/dashboard/view")


@router.get("/dashboard/view", response_class=HTMLResponse)
def dashboard(request: Request, _: QueryKey, services: ServicesDep) -> str:
    return render_dashboard(
        request.app.state.title,
        services.runs.list(),
        services.embedder.label,
        services.store.count(),
    )


@router.get("/metrics")
def prometheus(_: AdminKey, services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type=services.metrics.content_type)


# The schema and its docs page are open: the API's shape is no secret, and keys travel in
# headers only, so a browser could not send one on a page load anyway.
@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> dict:
    return request.app.openapi()


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json", title=f"{request.app.state.title} - API docs"
    )
