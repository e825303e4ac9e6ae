"""Invites: an owner invites an email address; only that (verified) address can join."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.passwords import new_token, token_hash
from ..accounts.users import valid_email
from ..errors import BadRequest, Forbidden, NotFound
from ..models import Invite, Membership, User, Workspace, utcnow
from .access import ROLES, Access, require_owner
from .audit import record, record_by


def pending_invites(db: Session, access: Access) -> list[Invite]:
    query = select(Invite).where(
        Invite.workspace_id == access.workspace.id,
        Invite.accepted_at.is_(None),
        Invite.revoked_at.is_(None),
    )
    return [i for i in db.scalars(query.order_by(Invite.created_at)) if not _expired(i)]


def _expired(invite: Invite) -> bool:
    return invite.expires_at is not None and invite.expires_at <= utcnow()


def create_invite(
    db: Session, access: Access, email: str, role: str = "member", days: int = 7
) -> str:
    """Invite `email` to the workspace; return the invite token for the link."""
    require_owner(access)
    if role not in ROLES:
        raise BadRequest(f"Role must be one of: {', '.join(ROLES)}.")
    email = valid_email(email)
    token = new_token()
    db.add(
        Invite(
            workspace_id=access.workspace.id,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=access.user.id,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    record_by(db, access, "invite.created", f"{email} as {role}")
    db.flush()
    return token


def revoke_invite(db: Session, access: Access, invite_id: str) -> None:
    require_owner(access)
    invite = db.scalar(
        select(Invite).where(Invite.id == invite_id, Invite.workspace_id == access.workspace.id)
    )
    if invite is None or invite.accepted_at is not None:
        raise NotFound("Invite not found.")
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
        record_by(db, access, "invite.revoked", invite.email)
    db.flush()


def find_invite(db: Session, token: str) -> Invite:
    invite = db.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
    if invite is None or invite.accepted_at is not None or invite.revoked_at is not None:
        raise NotFound("This invite link is invalid, revoked or already used.")
    if _expired(invite):
        raise NotFound("This invite has expired: ask for a new one.")
    return invite


def accept_invite(db: Session, user: User, token: str) -> Workspace:
    """Join with an invite: only the invited address, and only once it is verified."""
    invite = find_invite(db, token)
    if invite.email != user.email:
        raise Forbidden("This invite is for another email address. Log in with that account.")
    if user.email_verified_at is None:
        raise Forbidden("Confirm your email address first (see the link we emailed you).")
    exists = db.scalar(
        select(Membership).where(
            Membership.workspace_id == invite.workspace_id, Membership.user_id == user.id
        )
    )
    if exists is None:
        db.add(Membership(workspace_id=invite.workspace_id, user_id=user.id, role=invite.role))
    invite.accepted_at = utcnow()
    record(db, invite.workspace_id, user.id, user.email, "invite.accepted", invite.role)
    db.flush()
    return db.get_one(Workspace, invite.workspace_id)
