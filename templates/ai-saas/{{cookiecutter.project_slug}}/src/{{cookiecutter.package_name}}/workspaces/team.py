"""Team lifecycle: roles, removing and leaving, deleting workspaces and accounts.

Rules: owners manage members, roles, invites, keys and billing; a workspace always keeps at
least one owner; anyone may leave (except its last owner); members delete only what they
created, owners delete anything in their workspace.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.passwords import verify_password
from ..db import serialize_on
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..models import Membership, User, Workspace
from .access import ROLES, Access, require_owner
from .audit import record_by


def _membership(db: Session, access: Access, user_id: str) -> Membership:
    found = db.scalar(
        select(Membership).where(
            Membership.workspace_id == access.workspace.id, Membership.user_id == user_id
        )
    )
    if found is None:
        raise NotFound("Member not found.")
    return found


def _owners(db: Session, workspace_id: str) -> int:
    query = select(func.count()).where(
        Membership.workspace_id == workspace_id, Membership.role == "owner"
    )
    return db.scalar(query) or 0


def _keep_an_owner(db: Session, workspace_id: str, leaving: Membership) -> None:
    serialize_on(db, Workspace, workspace_id)  # two owners leaving at once: one stays
    if leaving.role == "owner" and _owners(db, workspace_id) <= 1:
        raise Conflict(
            "A workspace needs an owner: make someone else owner first, or delete the workspace."
        )


def change_role(db: Session, access: Access, user_id: str, role: str) -> Membership:
    require_owner(access)
    if role not in ROLES:
        raise BadRequest(f"Role must be one of: {', '.join(ROLES)}.")
    member = _membership(db, access, user_id)
    if member.role == role:
        return member
    if role != "owner":
        _keep_an_owner(db, access.workspace.id, member)
    member.role = role
    record_by(db, access, "member.role_changed", f"{member.user.email} -> {role}")
    db.flush()
    return member


def remove_member(db: Session, access: Access, user_id: str) -> None:
    require_owner(access)
    member = _membership(db, access, user_id)
    _keep_an_owner(db, access.workspace.id, member)
    record_by(db, access, "member.removed", member.user.email)
    db.delete(member)
    db.flush()


def leave(db: Session, access: Access) -> None:
    member = _membership(db, access, access.user.id)
    _keep_an_owner(db, access.workspace.id, member)
    record_by(db, access, "member.left", access.user.email)
    db.delete(member)
    db.flush()


def delete_workspace(db: Session, access: Access, confirm_name: str) -> None:
    """Delete the workspace and everything in it (documents, chats, usage, keys, log)."""
    require_owner(access)
    if confirm_name.strip() != access.workspace.name:
        raise BadRequest("Type the workspace's name to confirm.")
    db.delete(db.get_one(Workspace, access.workspace.id))
    db.flush()


def may_delete(access: Access, created_by: str | None) -> None:
    """Owners delete anything in their workspace; members only what they created."""
    if not access.is_owner and created_by != access.user.id:
        raise Forbidden("Only its author or a workspace owner can delete this.")


def delete_account(db: Session, user: User, password: str) -> None:
    """Delete the account and the workspaces it alone belongs to.

    Refused while it is the only owner of a workspace that has other members (make one of
    them owner first), so nobody's shared data disappears with someone else's account.
    """
    if not verify_password(user.password_hash, password[:1024]):
        raise BadRequest("Enter your current password to delete the account.")
    memberships = list(db.scalars(select(Membership).where(Membership.user_id == user.id)))
    for membership in memberships:
        workspace_id = membership.workspace_id
        others = db.scalar(
            select(func.count()).where(
                Membership.workspace_id == workspace_id, Membership.user_id != user.id
            )
        )
        if not others:
            db.delete(membership.workspace)
        elif membership.role == "owner" and _owners(db, workspace_id) <= 1:
            raise Conflict(
                f"You are the only owner of '{membership.workspace.name}': make another "
                "member owner (or delete the workspace) before deleting your account."
            )
    db.delete(user)
    db.flush()
