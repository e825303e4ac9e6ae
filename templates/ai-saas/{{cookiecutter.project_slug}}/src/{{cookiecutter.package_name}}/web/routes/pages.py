"""Workspace pages (Jinja2 + HTMX): documents, chats, usage, members. Forms are CSRF-checked."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from .. import chat, documents, tenancy, usage
from ..errors import BadRequest
from ..models import User, Workspace
from ..tenancy import Access
from ..web import (
    csrf_protect,
    get_db,
    is_htmx,
    page_access,
    page_user,
    redirect,
    render,
    settings_of,
)

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _page(access: Access, **extra: object) -> dict:
    """The context every workspace page needs (header, tabs, role), plus its own values."""
    return {"user": access.user, "access": access, "ws": access.workspace, **extra}


# --- workspaces, members, invites -------------------------------------------------------------


@router.get("/workspaces")
def workspaces(
    request: Request, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    memberships = tenancy.list_workspaces(db, user)
    return render(request, "workspaces.html", {"user": user, "memberships": memberships})


@router.post("/workspaces")
def create_workspace(
    name: str = Form(""), user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    workspace = tenancy.create_workspace(db, user, name)
    db.commit()
    return redirect(f"/w/{workspace.id}")


@router.get("/w/{workspace_id}")
def workspace_home(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    context = _page(
        access, documents=tenancy.list_documents(db, access), chats=tenancy.list_chats(db, access)
    )
    return render(request, "workspace.html", context)


def _members(request: Request, access: Access, db: Session, invite_url: str | None) -> Response:
    context = _page(
        access,
        members=tenancy.members(db, access),
        invites=tenancy.pending_invites(db, access),
        invite_url=invite_url,
    )
    return render(request, "members.html", context)


@router.get("/w/{workspace_id}/members")
def members_page(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    return _members(request, access, db, invite_url=None)


@router.post("/w/{workspace_id}/invites")
def invite(
    request: Request,
    email: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    """Create an invite and show its link once (only its hash is stored)."""
    token = tenancy.create_invite(db, access, email)
    db.commit()
    return _members(request, access, db, str(request.url_for("invite_page", token=token)))


@router.get("/invites/{token}", name="invite_page")
def invite_page(
    request: Request, token: str, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    found = tenancy.find_invite(db, token)
    workspace = db.get(Workspace, found.workspace_id)
    context = {"user": user, "invite": found, "workspace": workspace, "token": token}
    return render(request, "invite.html", context)


@router.post("/invites/{token}/accept")
def accept(token: str, user: User = Depends(page_user), db: Session = Depends(get_db)) -> Response:
    workspace = tenancy.accept_invite(db, user, token)
    db.commit()
    return redirect(f"/w/{workspace.id}")


# --- documents --------------------------------------------------------------------------------


@router.post("/w/{workspace_id}/documents")
async def upload_document(
    request: Request,
    background: BackgroundTasks,
    title: str = Form(""),
    content: str = Form(""),
    file: UploadFile | None = File(None),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    if file is not None and file.filename:
        raw = await file.read()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("Upload a UTF-8 text or Markdown file.") from None
        title = title or file.filename
    usage.check_and_record(db, settings_of(request), access.workspace, "document")
    document = documents.add_document(db, access, title, content)
    db.commit()
    request.app.state.jobs.submit(document.id, background)
    if is_htmx(request):
        return render(request, "_document_row.html", {"ws": access.workspace, "doc": document})
    return redirect(f"/w/{access.workspace.id}")


@router.post("/w/{workspace_id}/samples")
def load_samples(
    request: Request,
    background: BackgroundTasks,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    usage.check_and_record(db, settings_of(request), access.workspace, "document")
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
    document = tenancy.get_document(db, access, document_id)
    context = _page(access, doc=document)
    return render(request, "document.html", context)


@router.get("/w/{workspace_id}/documents/{document_id}/row")
def document_row(
    request: Request,
    document_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    document = tenancy.get_document(db, access, document_id)
    return render(request, "_document_row.html", {"ws": access.workspace, "doc": document})


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
    created = tenancy.create_chat(db, access, title)
    db.commit()
    return redirect(f"/w/{access.workspace.id}/chats/{created.id}")


@router.get("/w/{workspace_id}/chats/{chat_id}")
def chat_page(
    request: Request,
    chat_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    found = tenancy.get_chat(db, access, chat_id)
    messages = [chat.message_dict(m) for m in tenancy.chat_messages(db, access, found)]
    context = _page(access, chat=found, messages=messages)
    return render(request, "chat.html", context)


def _turn(
    request: Request,
    chat_id: str,
    content: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> chat.Turn:
    """Meter the request, save the question and retrieve its sources (404 for other chats)."""
    state = request.app.state
    found = tenancy.get_chat(db, access, chat_id)
    return chat.prepare_turn(db, state.settings, state.flavour, access, found, content)


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
    summary = usage.summary(db, settings_of(request), access.workspace)
    context = _page(access, usage=summary)
    return render(request, "usage.html", context)


@router.post("/w/{workspace_id}/plan")
def change_plan(
    request: Request,
    plan: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    """Demo billing: owners switch plans directly. Put a payment provider's webhook here."""
    tenancy.require_owner(access)
    if plan not in settings_of(request).plans:
        raise BadRequest("Unknown plan.")
    access.workspace.plan = plan
    db.commit()
    return redirect(f"/w/{access.workspace.id}/usage")
