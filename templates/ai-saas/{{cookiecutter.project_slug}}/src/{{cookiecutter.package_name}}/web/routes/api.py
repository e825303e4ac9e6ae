"""The JSON API (`/api/...`): bearer tokens from POST /api/auth/token, or the browser session."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from .. import accounts, chat, documents, tenancy, usage
from ..models import Chat, Document, User
from ..tenancy import Access
from ..web import api_access, api_user, bearer_token, csrf_protect, get_db, settings_of

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(csrf_protect)])


class Credentials(BaseModel):
    email: str
    password: str


class NewWorkspace(BaseModel):
    name: str


class NewDocument(BaseModel):
    title: str
    content: str


class NewChat(BaseModel):
    title: str = "New chat"


class NewMessage(BaseModel):
    content: str
    stream: bool = False


class NewInvite(BaseModel):
    email: str
    role: str = "member"


def _document(doc: Document, with_content: bool = False) -> dict:
    data = {
        "id": doc.id,
        "workspace_id": doc.workspace_id,
        "title": doc.title,
        "status": doc.status,
        "error": doc.error,
        "chunk_count": doc.chunk_count,
        "processed_by": doc.processed_by,
        "created_at": doc.created_at.isoformat() + "Z",
    }
    if with_content:
        data["content"] = doc.content
    return data


def _chat(item: Chat) -> dict:
    return {"id": item.id, "title": item.title, "created_at": item.created_at.isoformat() + "Z"}


def _workspace(access_or_membership) -> dict:  # noqa: ANN001 - Access or Membership
    ws = access_or_membership.workspace
    return {"id": ws.id, "name": ws.name, "plan": ws.plan, "role": access_or_membership.role}


# --- auth -------------------------------------------------------------------------------------


@router.post("/auth/signup", status_code=201)
def signup(body: Credentials, request: Request, db: Session = Depends(get_db)) -> dict:
    user = accounts.sign_up(db, body.email, body.password)
    workspace = tenancy.create_workspace(db, user, f"{user.email.split('@')[0]}'s workspace")
    token = accounts.start_session(db, user, "api", settings_of(request).session_days)
    db.commit()
    return {
        "user": {"id": user.id, "email": user.email},
        "workspace": {"id": workspace.id, "name": workspace.name, "plan": workspace.plan},
        "token": token,
        "token_type": "bearer",
    }


@router.post("/auth/token")
def token(body: Credentials, request: Request, db: Session = Depends(get_db)) -> dict:
    settings = settings_of(request)
    user = accounts.authenticate(
        db, body.email, body.password, settings.login_max_failures, settings.login_lockout_minutes
    )
    raw = accounts.start_session(db, user, "api", settings_of(request).session_days)
    db.commit()
    return {"token": raw, "token_type": "bearer"}


@router.post("/auth/logout", status_code=204)
def logout(
    request: Request, _: User = Depends(api_user), db: Session = Depends(get_db)
) -> Response:
    raw = bearer_token(request)
    if raw:
        accounts.end_session(db, raw)
        db.commit()
    return Response(status_code=204)


@router.get("/me")
def me(user: User = Depends(api_user), db: Session = Depends(get_db)) -> dict:
    memberships = tenancy.list_workspaces(db, user)
    return {"id": user.id, "email": user.email, "workspaces": [_workspace(m) for m in memberships]}


# --- workspaces -------------------------------------------------------------------------------


@router.get("/workspaces")
def list_workspaces(user: User = Depends(api_user), db: Session = Depends(get_db)) -> list[dict]:
    return [_workspace(m) for m in tenancy.list_workspaces(db, user)]


@router.post("/workspaces", status_code=201)
def create_workspace(
    body: NewWorkspace, user: User = Depends(api_user), db: Session = Depends(get_db)
) -> dict:
    workspace = tenancy.create_workspace(db, user, body.name)
    db.commit()
    return {"id": workspace.id, "name": workspace.name, "plan": workspace.plan, "role": "owner"}


@router.post("/workspaces/{workspace_id}/invites", status_code=201)
def invite(
    body: NewInvite,
    request: Request,
    access: Access = Depends(api_access),
    db: Session = Depends(get_db),
) -> dict:
    raw = tenancy.create_invite(db, access, body.email, body.role)
    db.commit()
    url = str(request.url_for("invite_page", token=raw))
    return {"email": body.email.strip().lower(), "token": raw, "invite_url": url}


@router.post("/invites/{token}/accept")
def accept_invite(
    token: str, user: User = Depends(api_user), db: Session = Depends(get_db)
) -> dict:
    workspace = tenancy.accept_invite(db, user, token)
    db.commit()
    return {"id": workspace.id, "name": workspace.name}


@router.get("/workspaces/{workspace_id}/usage")
def get_usage(
    request: Request, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    return usage.summary(db, settings_of(request), access.workspace).as_dict()


# --- documents --------------------------------------------------------------------------------


@router.get("/workspaces/{workspace_id}/documents")
def list_documents(access: Access = Depends(api_access), db: Session = Depends(get_db)) -> list:
    return [_document(d) for d in tenancy.list_documents(db, access)]


@router.post("/workspaces/{workspace_id}/documents", status_code=202)
def create_document(
    body: NewDocument,
    request: Request,
    background: BackgroundTasks,
    access: Access = Depends(api_access),
    db: Session = Depends(get_db),
) -> dict:
    """Accepted: the document is processed in the background (queue or in-process)."""
    usage.check_and_record(db, settings_of(request), access.workspace, "document")
    document = documents.add_document(db, access, body.title, body.content)
    db.commit()
    request.app.state.jobs.submit(document.id, background)
    return _document(document)


@router.get("/workspaces/{workspace_id}/documents/{document_id}")
def get_document(
    document_id: str, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    return _document(tenancy.get_document(db, access, document_id), with_content=True)


@router.delete("/workspaces/{workspace_id}/documents/{document_id}", status_code=204)
def delete_document(
    document_id: str, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> Response:
    documents.delete_document(db, access, document_id)
    db.commit()
    return Response(status_code=204)


# --- chats ------------------------------------------------------------------------------------


@router.get("/workspaces/{workspace_id}/chats")
def list_chats(access: Access = Depends(api_access), db: Session = Depends(get_db)) -> list:
    return [_chat(c) for c in tenancy.list_chats(db, access)]


@router.post("/workspaces/{workspace_id}/chats", status_code=201)
def create_chat(
    body: NewChat, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    created = tenancy.create_chat(db, access, body.title)
    db.commit()
    return _chat(created)


@router.get("/workspaces/{workspace_id}/chats/{chat_id}")
def get_chat(
    chat_id: str, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    found = tenancy.get_chat(db, access, chat_id)
    messages = [chat.message_dict(m) for m in tenancy.chat_messages(db, access, found)]
    return {**_chat(found), "messages": messages}


@router.post("/workspaces/{workspace_id}/chats/{chat_id}/messages")
def post_message(
    chat_id: str,
    body: NewMessage,
    request: Request,
    access: Access = Depends(api_access),
    db: Session = Depends(get_db),
) -> Response:
    """Ask a question. `stream: true` answers with NDJSON events (token..., done)."""
    state = request.app.state
    found = tenancy.get_chat(db, access, chat_id)
    turn = chat.prepare_turn(db, state.settings, state.flavour, access, found, body.content)
    if body.stream:

        def lines() -> Iterator[str]:
            for event in chat.run_turn(state.db, state.model, turn):
                yield json.dumps(event) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")
    events = list(chat.run_turn(state.db, state.model, turn))
    return JSONResponse(events[-1]["message"])
