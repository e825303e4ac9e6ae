"""Scoped reads and writes of tenant rows: every query filters on the caller's workspace."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..models import Chat, Document, Message
from .access import Access


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
