"""The JSON API (`/api/...`): workspace API keys (`Bearer sk_...`) or the browser session."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ...accounts import email_links, users
from ...chat import turn as chat
from ...limits import quotas
from ...models import Chat, Document, User
from ...retrieval import documents
from ...workspaces import apikeys, invites, scoped
from ...workspaces.access import Access
from ...workspaces.access import create_workspace as new_workspace
from ...workspaces.access import list_workspaces as user_workspaces
from ..deps import api_access, api_user, csrf_protect, get_db, page_access, settings_of

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


# --- accounts (browser session) and API keys ----------------------------------------------


class NewKey(BaseModel):
    name: str
    scopes: list[str] = ["read"]
    days: int | None = None


@router.post("/auth/signup", status_code=201)
def signup(body: Credentials, request: Request, db: Session = Depends(get_db)) -> dict:
    """Create an account and its workspace; returns an API key for that workspace."""
    user = users.sign_up(db, body.email, body.password)
    workspace = new_workspace(db, user, f"{user.email.split('@')[0]}'s workspace")
    access = Access(user=user, workspace=workspace, role="owner")
    key, raw = apikeys.create_key(db, access, "default", ["read", "write"])
    db.commit()
    state = request.app.state
    email_links.send_verification(db, state.settings, state.mailer, user)
    return {
        "user": {"id": user.id, "email": user.email},
        "workspace": {"id": workspace.id, "name": workspace.name, "plan": workspace.plan},
        "api_key": {"id": key.id, "name": key.name, "scopes": key.scopes.split(","), "key": raw},
    }


def _key(key) -> dict:  # noqa: ANN001 - ApiKey
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": key.scopes.split(","),
        "created_at": key.created_at.isoformat() + "Z",
        "revoked": key.revoked_at is not None,
    }


@router.get("/workspaces/{workspace_id}/keys")
def list_keys(access: Access = Depends(page_access), db: Session = Depends(get_db)) -> list:
    """Keys are managed from a logged-in session only: a key cannot mint more keys."""
    return [_key(k) for k in apikeys.list_keys(db, access)]


@router.post("/workspaces/{workspace_id}/keys", status_code=201)
def create_key(
    body: NewKey, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> dict:
    key, raw = apikeys.create_key(db, access, body.name, body.scopes, body.days)
    db.commit()
    return {**_key(key), "key": raw}


@router.delete("/workspaces/{workspace_id}/keys/{key_id}", status_code=204)
def revoke_key(
    key_id: str, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    apikeys.revoke_key(db, access, key_id)
    db.commit()
    return Response(status_code=204)


@router.get("/me")
def me(user: User = Depends(api_user), db: Session = Depends(get_db)) -> dict:
    memberships = user_workspaces(db, user)
    return {"id": user.id, "email": user.email, "workspaces": [_workspace(m) for m in memberships]}


# --- workspaces -------------------------------------------------------------------------------


@router.get("/workspaces")
def list_workspaces(user: User = Depends(api_user), db: Session = Depends(get_db)) -> list[dict]:
    return [_workspace(m) for m in user_workspaces(db, user)]


@router.post("/workspaces", status_code=201)
def create_workspace(
    body: NewWorkspace, user: User = Depends(api_user), db: Session = Depends(get_db)
) -> dict:
    workspace = new_workspace(db, user, body.name)
    db.commit()
    return {"id": workspace.id, "name": workspace.name, "plan": workspace.plan, "role": "owner"}


@router.post("/workspaces/{workspace_id}/invites", status_code=201)
def invite(
    body: NewInvite,
    request: Request,
    access: Access = Depends(api_access),
    db: Session = Depends(get_db),
) -> dict:
    settings = settings_of(request)
    raw = invites.create_invite(db, access, body.email, body.role, settings.invite_days)
    db.commit()
    url = settings.link(f"/invites/{raw}")
    return {"email": body.email.strip().lower(), "token": raw, "invite_url": url}


@router.post("/invites/{token}/accept")
def accept_invite(
    token: str, user: User = Depends(api_user), db: Session = Depends(get_db)
) -> dict:
    workspace = invites.accept_invite(db, user, token)
    db.commit()
    return {"id": workspace.id, "name": workspace.name}


@router.get("/workspaces/{workspace_id}/usage")
def get_usage(
    request: Request, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    return quotas.summary(db, settings_of(request), access.workspace).as_dict()


# --- documents --------------------------------------------------------------------------------


@router.get("/workspaces/{workspace_id}/documents")
def list_documents(access: Access = Depends(api_access), db: Session = Depends(get_db)) -> list:
    return [_document(d) for d in scoped.list_documents(db, access)]


@router.post("/workspaces/{workspace_id}/documents", status_code=202)
def create_document(
    body: NewDocument,
    request: Request,
    background: BackgroundTasks,
    access: Access = Depends(api_access),
    db: Session = Depends(get_db),
) -> dict:
    """Accepted: the document is processed in the background (queue or in-process)."""
    quotas.check_and_record(db, settings_of(request), access.workspace, "document")
    document = documents.add_document(db, access, body.title, body.content)
    db.commit()
    request.app.state.jobs.submit(document.id, background)
    return _document(document)


@router.get("/workspaces/{workspace_id}/documents/{document_id}")
def get_document(
    document_id: str, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    return _document(scoped.get_document(db, access, document_id), with_content=True)


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
    return [_chat(c) for c in scoped.list_chats(db, access)]


@router.post("/workspaces/{workspace_id}/chats", status_code=201)
def create_chat(
    body: NewChat, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    created = scoped.create_chat(db, access, body.title)
    db.commit()
    return _chat(created)


@router.get("/workspaces/{workspace_id}/chats/{chat_id}")
def get_chat(
    chat_id: str, access: Access = Depends(api_access), db: Session = Depends(get_db)
) -> dict:
    found = scoped.get_chat(db, access, chat_id)
    messages = [chat.message_dict(m) for m in scoped.chat_messages(db, access, found)]
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
    found = scoped.get_chat(db, access, chat_id)
    turn = chat.prepare_turn(
        db, state.settings, state.flavour, state.embedder, access, found, body.content
    )
    if body.stream:

        def lines() -> Iterator[str]:
            for event in chat.run_turn(state.db, state.model, turn):
                yield json.dumps(event) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")
    events = list(chat.run_turn(state.db, state.model, turn))
    return JSONResponse(events[-1]["message"])
