"""Workspace pages (Jinja2 + HTMX): documents, chats and usage. Forms are CSRF-checked."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from ...chat import turn as chat
from ...limits import quotas
from ...retrieval import documents
from ...retrieval.extract import extract_text, spool
from ...workspaces.access import Access
from ...workspaces.scoped import (
    chat_messages,
    create_chat,
    get_chat,
    get_document,
    list_chats,
    list_documents,
)
from ..deps import csrf_protect, get_db, is_htmx, page_access, redirect, render, settings_of
from .team_pages import workspace_page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/w/{workspace_id}")
def workspace_home(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    context = workspace_page(
        access, documents=list_documents(db, access), chats=list_chats(db, access)
    )
    return render(request, "workspace.html", context)


# --- documents --------------------------------------------------------------------------------


@router.post("/w/{workspace_id}/documents")
def upload_document(
    request: Request,
    background: BackgroundTasks,
    title: str = Form(""),
    content: str = Form(""),
    file: UploadFile | None = File(None),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    """Text or a file (.txt, .md, .pdf). The body limit already capped the upload's size."""
    if file is not None and file.filename:
        with spool(file.file, settings_of(request).max_upload_bytes) as data:
            content = extract_text(data, file.filename)
        title = title or file.filename
    quotas.check_and_record(db, settings_of(request), access.workspace, "document")
    document = documents.add_document(db, access, title, content)
    db.commit()
    request.app.state.jobs.submit(document.id, background)
    if is_htmx(request):
        context = {"ws": access.workspace, "doc": document, "access": access}
        return render(request, "_document_row.html", context)
    return redirect(f"/w/{access.workspace.id}")


@router.post("/w/{workspace_id}/samples")
def load_samples(
    request: Request,
    background: BackgroundTasks,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    quotas.check_and_record(db, settings_of(request), access.workspace, "document")
    flavour = request.app.state.flavour
    created = [
        documents.add_document(db, access, title, text)
        for title, text in documents.sample_documents(flavour)
    ]
    db.commit()
    for document in created:
        request.app.state.jobs.submit(document.id, background)
    return redirect(f"/w/{access.workspace.id}")


@router.get("/w/{workspace_id}/documents/{document_id}")
def document_page(
    request: Request,
    document_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    context = workspace_page(access, doc=get_document(db, access, document_id))
    return render(request, "document.html", context)


@router.get("/w/{workspace_id}/documents/{document_id}/row")
def document_row(
    request: Request,
    document_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    document = get_document(db, access, document_id)
    context = {"ws": access.workspace, "doc": document, "access": access}
    return render(request, "_document_row.html", context)


@router.post("/w/{workspace_id}/documents/{document_id}/delete")
def delete_document(
    request: Request,
    document_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    documents.delete_document(db, access, document_id)
    db.commit()
    if is_htmx(request):
        return Response(status_code=200)  # htmx swaps the row out for nothing
    return redirect(f"/w/{access.workspace.id}")


# --- chats ------------------------------------------------------------------------------------


@router.post("/w/{workspace_id}/chats")
def new_chat(
    title: str = Form(""), access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    created = create_chat(db, access, title)
    db.commit()
    return redirect(f"/w/{access.workspace.id}/chats/{created.id}")


@router.get("/w/{workspace_id}/chats/{chat_id}")
def chat_page(
    request: Request,
    chat_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    found = get_chat(db, access, chat_id)
    messages = [chat.message_dict(m) for m in chat_messages(db, access, found)]
    return render(request, "chat.html", workspace_page(access, chat=found, messages=messages))


def _turn(
    request: Request,
    chat_id: str,
    content: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> chat.Turn:
    """Meter the request, save the question and retrieve its sources (404 for other chats)."""
    state = request.app.state
    found = get_chat(db, access, chat_id)
    return chat.prepare_turn(
        db, state.settings, state.flavour, state.embedder, access, found, content
    )


@router.post("/w/{workspace_id}/chats/{chat_id}/messages")
def send_message(
    request: Request, turn: chat.Turn = Depends(_turn), access: Access = Depends(page_access)
) -> Response:
    """No-JS and HTMX path: the whole answer at once (the model is still streamed)."""
    state = request.app.state
    events = list(chat.run_turn(state.db, state.model, turn))
    if not is_htmx(request):
        return redirect(f"/w/{access.workspace.id}/chats/{turn.chat_id}")
    exchange = [_user_message(turn.question), events[-1]["message"]]
    return render(request, "_messages.html", {"ws": access.workspace, "messages": exchange})


@router.post("/w/{workspace_id}/chats/{chat_id}/stream")
def stream_message(
    request: Request, turn: chat.Turn = Depends(_turn), access: Access = Depends(page_access)
) -> Response:
    """Streamed path used by static/chat.js: NDJSON tokens, then the rendered message."""
    state = request.app.state
    template = state.templates.get_template("_messages.html")

    def events() -> Iterator[str]:
        for event in chat.run_turn(state.db, state.model, turn):
            if event["type"] == "done":
                event["html"] = template.render(ws=access.workspace, messages=[event["message"]])
            yield json.dumps(event) + "\n"

    return StreamingResponse(events(), media_type="application/x-ndjson")


def _user_message(question: str) -> dict:
    return {"role": "user", "content": question, "citations": [], "offline": False}


# --- usage ------------------------------------------------------------------------------------


@router.get("/w/{workspace_id}/usage")
def usage_page(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    summary = quotas.summary(db, settings_of(request), access.workspace)
    context = workspace_page(
        access, usage=summary, billing_enabled=request.app.state.billing.enabled
    )
    return render(request, "usage.html", context)
