"""Account pages: email verification, password reset, account settings and deletion."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...accounts import email_links
from ...errors import AppError
from ...models import User
from ...workspaces.team import delete_account
from ..cookies import cookie_names, delete_cookie
from ..deps import csrf_protect, get_db, optional_user, page_user, redirect, render, settings_of

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
RESET_SENT = (
    "If an account exists for that address, we sent it a link to choose a new password. "
    "It works once and expires soon."
)


def _page(request: Request, template: str, status: int = 200, **context: object) -> Response:
    return render(request, template, context, status=status)


@router.get("/verify/{token}")
def verify_form(request: Request, token: str) -> Response:
    # A button, not an action on GET: mail scanners that prefetch links must not use it up.
    return _page(request, "verify.html", token=token)


@router.post("/verify/{token}")
def verify(request: Request, token: str, db: Session = Depends(get_db)) -> Response:
    try:
        email_links.verify_email(db, token)
    except AppError as exc:
        return _page(request, "verify.html", exc.status_code, token=token, error=exc.message)
    db.commit()
    return _page(request, "verify.html", verified=True)


@router.post("/account/verify")
def resend_verification(
    request: Request, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Response:
    state = request.app.state
    if user.email_verified_at is None:
        email_links.send_verification(db, state.settings, state.mailer, user)
    return _page(request, "account.html", sent=True)


@router.get("/forgot")
def forgot_form(request: Request) -> Response:
    return _page(request, "forgot.html")


@router.post("/forgot")
def forgot(request: Request, email: str = Form(""), db: Session = Depends(get_db)) -> Response:
    state = request.app.state
    email_links.request_reset(db, state.settings, state.mailer, email)
    return _page(request, "forgot.html", message=RESET_SENT)


@router.get("/reset/{token}")
def reset_form(request: Request, token: str) -> Response:
    return _page(request, "reset.html", token=token)


@router.post("/reset/{token}")
def reset(
    request: Request, token: str, password: str = Form(""), db: Session = Depends(get_db)
) -> Response:
    try:
        email_links.reset_password(db, token, password)
    except AppError as exc:
        db.rollback()
        return _page(request, "reset.html", exc.status_code, token=token, error=exc.message)
    db.commit()
    return redirect("/login?reset=done")


@router.get("/account")
def account(request: Request, user: User | None = Depends(optional_user)) -> Response:
    if user is None:
        return redirect("/login?next=/account")
    return _page(request, "account.html")


@router.post("/account/delete")
def delete(
    request: Request,
    password: str = Form(""),
    user: User = Depends(page_user),
    db: Session = Depends(get_db),
) -> Response:
    try:
        delete_account(db, user, password)
    except AppError as exc:
        db.rollback()
        return _page(request, "account.html", exc.status_code, error=exc.message)
    db.commit()
    settings = settings_of(request)
    response = redirect("/?deleted=1")
    delete_cookie(response, settings, cookie_names(settings).session)
    return response
