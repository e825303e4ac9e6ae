"""Workspaces and roles: the `Access` proof every scoped query takes (404 for other tenants)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
# aieng:stage 2 begin

from ..errors import BadRequest, Forbidden, NotFound
# aieng:stage 2 stub

from ..errors import BadRequest, Forbidden
# aieng:stage 2 end
from ..models import Membership, User, Workspace

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
# aieng:stage 2 begin


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
# aieng:stage 2 stub


def get_access(db: Session, user: User, workspace_id: str) -> Access:
    """The user's access to a workspace; 404 (not 403) for others, so ids reveal nothing.

    Find the `Membership` of `user` in `workspace_id`; without one raise
    `NotFound("Workspace not found.")` - a 403 would confirm the workspace exists. See
    STAGES.md, stage 2.
    """
    raise NotImplementedError("stage 2: prove the user is a member of the workspace")
# aieng:stage 2 end


def require_owner(access: Access) -> None:
    if not access.is_owner:
        raise Forbidden("Only a workspace owner can do this.")


def members(db: Session, access: Access) -> list[Membership]:
    query = select(Membership).where(Membership.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(Membership.created_at)))
