"""Team pages: workspaces, members and roles, invites, leaving and deleting, audit log, API keys."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...accounts.mail import send_safely
from ...errors import AppError
from ...models import User, Workspace
from ...workspaces import apikeys, audit, invites, team
from ...workspaces.access import Access, create_workspace, list_workspaces, members
from ..deps import csrf_protect, get_db, page_access, page_user, redirect, render, settings_of

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def workspace_page(access: Access, **extra: object) -> dict:
    """The context every workspace page needs (header, tabs, role), plus its own values."""
    return {"user": access.user, "access": access, "ws": access.workspace, **extra}


@router.get("/workspaces")
def workspaces(
    request: Request, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    memberships = list_workspaces(db, user)
    return render(request, "workspaces.html", {"user": user, "memberships": memberships})


@router.post("/workspaces")
def new_workspace(
    name: str = Form(""), user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    workspace = create_workspace(db, user, name)
    db.commit()
    return redirect(f"/w/{workspace.id}")


def _members(
    request: Request, access: Access, db: Session, status: int = 200, **extra: object
) -> Response:
    context = workspace_page(
        access,
        members=members(db, access),
        invites=invites.pending_invites(db, access) if access.is_owner else [],
        **extra,
    )
    return render(request, "members.html", context, status=status)


def _act(
    request: Request, access: Access, db: Session, action: Callable[[], object], then: str
) -> Response:
    """Run a team change; on a refusal show it on the members page, else go to `then`."""
    try:
        action()
    except AppError as exc:
        db.rollback()
        return _members(request, access, db, exc.status_code, error=exc.message)
    db.commit()
    return redirect(then)


@router.get("/w/{workspace_id}/members")
def members_page(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    return _members(request, access, db)


@router.post("/w/{workspace_id}/invites")
def invite(
    request: Request,
    email: str = Form(""),
    role: str = Form("member"),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    """Create an invite, email its link (built from PUBLIC_URL) and show it once."""
    settings = settings_of(request)
    token = invites.create_invite(db, access, email, role, settings.invite_days)
    db.commit()
    url = settings.link(f"/invites/{token}")
    body = (
        f"{access.user.email} invited you to the workspace '{access.workspace.name}' on "
        f"{settings.product_name}.\n\nJoin here (valid for {settings.invite_days} days):\n\n"
        f"{url}\n\nSign up or log in with this email address, and confirm it, to accept."
    )
    send_safely(request.app.state.mailer, email.strip().lower(), "You are invited", body)
    return _members(request, access, db, invite_url=url)


@router.post("/w/{workspace_id}/invites/{invite_id}/revoke")
def revoke_invite(
    invite_id: str, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    invites.revoke_invite(db, access, invite_id)
    db.commit()
    return redirect(f"/w/{access.workspace.id}/members")


@router.get("/invites/{token}", name="invite_page")
def invite_page(
    request: Request, token: str, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    found = invites.find_invite(db, token)
    workspace = db.get(Workspace, found.workspace_id)
    context = {"user": user, "invite": found, "workspace": workspace, "token": token}
    return render(request, "invite.html", context)


@router.post("/invites/{token}/accept")
def accept(token: str, user: User = Depends(page_user), db: Session = Depends(get_db)) -> Response:
    workspace = invites.accept_invite(db, user, token)
    db.commit()
    return redirect(f"/w/{workspace.id}")


@router.post("/w/{workspace_id}/members/{user_id}/role")
def change_role(
    request: Request,
    user_id: str,
    role: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    return _act(
        request,
        access,
        db,
        lambda: team.change_role(db, access, user_id, role),
        f"/w/{access.workspace.id}/members",
    )


@router.post("/w/{workspace_id}/members/{user_id}/remove")
def remove_member(
    request: Request,
    user_id: str,
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    return _act(
        request,
        access,
        db,
        lambda: team.remove_member(db, access, user_id),
        f"/w/{access.workspace.id}/members",
    )


@router.post("/w/{workspace_id}/leave")
def leave(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    return _act(request, access, db, lambda: team.leave(db, access), "/workspaces")


@router.post("/w/{workspace_id}/delete")
def delete_workspace(
    request: Request,
    confirm: str = Form(""),
    access: Access = Depends(page_access),
    db: Session = Depends(get_db),
) -> Response:
    return _act(
        request, access, db, lambda: team.delete_workspace(db, access, confirm), "/workspaces"
    )


@router.get("/w/{workspace_id}/audit")
def audit_page(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    return render(request, "audit.html", workspace_page(access, events=audit.events(db, access)))


def _keys(request: Request, access: Access, db: Session, new_key: str | None = None) -> Response:
    context = workspace_page(access, keys=apikeys.list_keys(db, access), new_key=new_key)
    return render(request, "keys.html", context)


@router.get("/w/{workspace_id}/keys")
def keys_page(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    return _keys(request, access, db)


@router.post("/w/{workspace_id}/keys")
async def create_key(
    request: Request, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    form = await request.form()
    scopes = [str(s) for s in form.getlist("scopes")]
    _, raw = apikeys.create_key(db, access, str(form.get("name", "")), scopes)
    audit.record_by(db, access, "api_key.created", str(form.get("name", "")))
    db.commit()
    return _keys(request, access, db, new_key=raw)


@router.post("/w/{workspace_id}/keys/{key_id}/revoke")
def revoke_key(
    key_id: str, access: Access = Depends(page_access), db: Session = Depends(get_db)
) -> Response:
    key = apikeys.revoke_key(db, access, key_id)
    audit.record_by(db, access, "api_key.revoked", key.name)
    db.commit()
    return redirect(f"/w/{access.workspace.id}/keys")
