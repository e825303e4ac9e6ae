"""Documents: upload (a background job: 202 at once), job progress, list, delete, collections."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..access.audit import audit
from ..access.keys import ApiKey
from ..errors import NotFound
from ..ingestion.catalog import check_collection, check_doc_id, check_owner
from ..ingestion.jobs import SpooledFile
from .query import ServicesDep, _collection
from .security import require

router = APIRouter()
QueryKey = Annotated[ApiKey, Depends(require("query"))]
IngestKey = Annotated[ApiKey, Depends(require("ingest"))]
MAX_FILES = 1000


def _spool(uploads: list[UploadFile], folder: Path) -> list[tuple[str, Path]]:
    spooled = []
    for n, upload in enumerate(uploads):
        name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
        if not name:
            raise HTTPException(422, "every upload needs a file name")
        target = folder / f"{n:05d}"
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1024 * 1024)
        spooled.append((name, target))
    return spooled


@router.post("/documents", status_code=202)
async def upload(request: Request, key: IngestKey, services: ServicesDep) -> Any:
    """Multipart `files` (plus optional `collection`, and `doc_id` to replace one document).

    The key was checked before this line runs, and the body cap before that: only now is the
    body read (parts over 1 MB go to temporary files, not memory).
    """
    form = await request.form(max_files=MAX_FILES, max_fields=20)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(422, "send the documents as multipart `files`")
    collection = _collection(services, key, _text(form.get("collection")))
    check_collection(collection)
    doc_id = _text(form.get("doc_id"))
    if doc_id is not None:
        check_doc_id(doc_id)
        if len(files) != 1:
            raise HTTPException(422, "doc_id replaces one document: send exactly one file")
        check_owner(services.catalog.get(collection, doc_id), key.actor)
    folder = services.jobs.new_spool()
    try:
        spooled = await run_in_threadpool(_spool, files, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = services.jobs.submit_ingest(
        [SpooledFile(name, path, doc_id) for name, path in spooled], collection, key.actor, folder
    )
    audit(
        "documents.upload",
        key.id,
        collection=collection,
        job_id=job.id,
        files=[name for name, _ in spooled],
        doc_id=doc_id,
    )
    return JSONResponse(
        {"job_id": job.id, "status": job.status, "status_url": f"/jobs/{job.id}"},
        status_code=202,
        headers={"Location": f"/jobs/{job.id}"},
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


@router.get("/jobs/{job_id}")
def job_status(job_id: str, key: IngestKey, services: ServicesDep) -> dict:
    job = services.jobs.get(job_id)
    if job is None or (job.owner != key.id and not key.actor.admin):
        raise NotFound(f"no job {job_id!r}")
    return job.to_dict()


@router.get("/documents")
def list_documents(key: QueryKey, services: ServicesDep, collection: str | None = None) -> dict:
    name = _collection(services, key, collection)
    return {
        "collection": name,
        "documents": [d.to_dict() for d in services.catalog.documents([name])],
    }


@router.get("/sources")
def sources(key: QueryKey, services: ServicesDep, collection: str | None = None) -> dict:
    """Source names and chunk counts (a summary of GET /documents)."""
    name = _collection(services, key, collection)
    return {
        "sources": [
            {"source": d.source, "doc_id": d.doc_id, "chunks": d.chunks}
            for d in services.catalog.documents([name])
        ]
    }


@router.delete("/documents/{doc_id:path}")
def delete_document(
    doc_id: str, key: IngestKey, services: ServicesDep, collection: str | None = None
) -> dict:
    """Only the key that created a document, or an admin key, may delete it."""
    name = _collection(services, key, collection)
    doc = services.ingestor.delete(name, doc_id, key.actor)
    if doc is None:
        raise NotFound(f"no document {doc_id!r} in {name!r}")
    audit("documents.delete", key.id, collection=name, doc_id=doc_id)
    return {"collection": name, "doc_id": doc_id, "removed_chunks": doc.chunks}


@router.get("/collections")
def collections(key: QueryKey, services: ServicesDep) -> dict:
    counts = services.catalog.collections()
    visible = {c: n for c, n in counts.items() if not c.startswith("_") and key.may_use(c)}
    return {"collections": [{"name": c, "documents": n} for c, n in visible.items()]}
