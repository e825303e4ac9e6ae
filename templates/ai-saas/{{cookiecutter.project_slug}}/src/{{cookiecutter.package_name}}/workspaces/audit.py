"""The audit log: security-relevant actions per workspace, readable by its owners."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEvent
from .access import Access, require_owner


def record(
    db: Session, workspace_id: str, actor_id: str | None, actor: str, action: str, target: str = ""
) -> None:
    db.add(
        AuditEvent(
            workspace_id=workspace_id,
            actor_id=actor_id,
            actor=actor,
            action=action,
            target=target[:320],
        )
    )


def record_by(db: Session, access: Access, action: str, target: str = "") -> None:
    record(db, access.workspace.id, access.user.id, access.user.email, action, target)


def events(db: Session, access: Access, limit: int = 200) -> list[AuditEvent]:
    require_owner(access)
    query = select(AuditEvent).where(AuditEvent.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))
