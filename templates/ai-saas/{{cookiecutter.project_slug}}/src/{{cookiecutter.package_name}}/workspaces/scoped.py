"""Scoped reads and writes of tenant rows: every query filters on the caller's workspace."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
# aieng:stage 2 begin

from ..errors import NotFound
# aieng:stage 2 stub

# aieng:stage 2 end
from ..models import Chat, Document, Message
from .access import Access
# aieng:stage 2 begin


def get_document(db: Session, access: Access, document_id: str) -> Document:
    """The document `document_id` of the caller's workspace; NotFound for any other."""
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
# aieng:stage 2 stub


def get_document(db: Session, access: Access, document_id: str) -> Document:
    """The document `document_id` of the caller's workspace; NotFound for any other.

    Filter on both the id and `access.workspace.id`: an id from another workspace must
    look exactly like one that does not exist. See STAGES.md, stage 2.
    """
    raise NotImplementedError("stage 2: read a document of this workspace only")


def list_documents(db: Session, access: Access) -> list[Document]:
    """The documents of the caller's workspace, newest first. See STAGES.md, stage 2."""
    raise NotImplementedError("stage 2: list this workspace's documents only")


def get_chat(db: Session, access: Access, chat_id: str) -> Chat:
    """The chat `chat_id` of the caller's workspace; NotFound for any other (as documents)."""
    raise NotImplementedError("stage 2: read a chat of this workspace only")
# aieng:stage 2 end


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
# aieng:stage 2 begin


def chat_messages(db: Session, access: Access, chat: Chat) -> list[Message]:
    query = select(Message).where(
        Message.chat_id == chat.id, Message.workspace_id == access.workspace.id
    )
    return list(db.scalars(query.order_by(Message.id)))
# aieng:stage 2 stub


def chat_messages(db: Session, access: Access, chat: Chat) -> list[Message]:
    """The messages of `chat`, oldest first, read within the caller's workspace.

    Filter on the chat and on `access.workspace.id`. See STAGES.md, stage 2.
    """
    raise NotImplementedError("stage 2: read a chat's messages within this workspace")
# aieng:stage 2 end
