"""Workspaces, roles and invites, and the only way to load tenant rows: scoped to a workspace."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import normalize_email
from .errors import BadRequest, Forbidden, NotFound
from .models import Chat, Document, Invite, Membership, Message, User, Workspace, utcnow
from .security import new_token, token_hash

ROLES = ("owner", "member")


@dataclass(frozen=True)
class Access:
    """Proof that `user` belongs to `workspace` with `role`. Scoped queries take one."""

    user: User
    workspace: Workspace
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def create_workspace(db: Session, user: User, name: str) -> Workspace:
    name = name.strip()
    if not name or len(name) > 120:
        raise BadRequest("Give the workspace a name of 1 to 120 characters.")
    workspace = Workspace(name=name)
    db.add(workspace)
    db.flush()
    db.add(Membership(workspace_id=workspace.id, user_id=user.id, role="owner"))
    db.flush()
    return workspace


def list_workspaces(db: Session, user: User) -> list[Membership]:
    query = select(Membership).where(Membership.user_id == user.id).order_by(Membership.created_at)
    return list(db.scalars(query))


def get_access(db: Session, user: User, workspace_id: str) -> Access:
    """The user's access to a workspace; 404 (not 403) for others, so ids reveal nothing."""
    membership = db.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    )
    if membership is None:
        raise NotFound("Workspace not found.")
    return Access(user=user, workspace=membership.workspace, role=membership.role)


def require_owner(access: Access) -> None:
    if not access.is_owner:
        raise Forbidden("Only a workspace owner can do this.")


def members(db: Session, access: Access) -> list[Membership]:
    query = select(Membership).where(Membership.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(Membership.created_at)))


def pending_invites(db: Session, access: Access) -> list[Invite]:
    query = select(Invite).where(
        Invite.workspace_id == access.workspace.id, Invite.accepted_at.is_(None)
    )
    return list(db.scalars(query.order_by(Invite.created_at)))


def create_invite(db: Session, access: Access, email: str, role: str = "member") -> str:
    """Invite `email` to the workspace; return the invite token for the link."""
    require_owner(access)
    if role not in ROLES:
        raise BadRequest(f"Role must be one of: {', '.join(ROLES)}.")
    email = normalize_email(email)
    if "@" not in email:
        raise BadRequest("Enter the email address to invite.")
    token = new_token()
    db.add(
        Invite(
            workspace_id=access.workspace.id,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=access.user.id,
        )
    )
    db.flush()
    return token


def find_invite(db: Session, token: str) -> Invite:
    invite = db.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
    if invite is None or invite.accepted_at is not None:
        raise NotFound("This invite link is invalid or has already been used.")
    return invite


def accept_invite(db: Session, user: User, token: str) -> Workspace:
    invite = find_invite(db, token)
    if invite.email != user.email:
        raise Forbidden(f"This invite is for {invite.email}. Log in with that account.")
    exists = db.scalar(
        select(Membership).where(
            Membership.workspace_id == invite.workspace_id, Membership.user_id == user.id
        )
    )
    if exists is None:
        db.add(Membership(workspace_id=invite.workspace_id, user_id=user.id, role=invite.role))
    invite.accepted_at = utcnow()
    db.flush()
    return db.get_one(Workspace, invite.workspace_id)


# --- scoped reads: every query filters on the caller's workspace -----------------------------


def get_document(db: Session, access: Access, document_id: str) -> Document:
    document = db.scalar(
        select(Document).where(
            Document.id == document_id, Document.workspace_id == access.workspace.id
        )
    )
    if document is None:
        raise NotFound("Document not found.")
    return document


def list_documents(db: Session, access: Access) -> list[Document]:
    query = select(Document).where(Document.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(Document.created_at.desc())))


def get_chat(db: Session, access: Access, chat_id: str) -> Chat:
    chat = db.scalar(
        select(Chat).where(Chat.id == chat_id, Chat.workspace_id == access.workspace.id)
    )
    if chat is None:
        raise NotFound("Chat not found.")
    return chat


def list_chats(db: Session, access: Access) -> list[Chat]:
    query = select(Chat).where(Chat.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(Chat.created_at.desc())))


def create_chat(db: Session, access: Access, title: str) -> Chat:
    chat = Chat(
        workspace_id=access.workspace.id,
        title=(title.strip() or "New chat")[:200],
        created_by=access.user.id,
    )
    db.add(chat)
    db.flush()
    return chat


def chat_messages(db: Session, access: Access, chat: Chat) -> list[Message]:
    query = select(Message).where(
        Message.chat_id == chat.id, Message.workspace_id == access.workspace.id
    )
    return list(db.scalars(query.order_by(Message.id)))
