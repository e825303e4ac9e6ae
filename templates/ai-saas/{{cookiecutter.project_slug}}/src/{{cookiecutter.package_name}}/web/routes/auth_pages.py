"""Account pages: landing, sign-up, log-in, log-out (all forms CSRF-checked)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from .. import accounts, tenancy
from ..errors import AppError
from ..models import User
from ..web import (
    SESSION_COOKIE,
    csrf_protect,
    get_db,
    optional_user,
    redirect,
    render,
    settings_of,
)

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: `next=//evil.example` must not become an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/workspaces"


def _log_in(request: Request, db: Session, user: User, target: str) -> Response:
    settings = settings_of(request)
    token = accounts.start_session(db, user, "web", settings.session_days)
    db.commit()
    response = redirect(target)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    return response


# --- accounts --------------------------------------------------------------------------------


@router.get("/")
def home(request: Request, user: User | None = Depends(optional_user)) -> Response:
    if user is not None:
        return redirect("/workspaces")
    return render(request, "landing.html")


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return render(request, "auth.html", {"mode": "signup"})


@router.post("/signup")
def signup(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    db: Session = Depends(get_db),
) -> Response:
    try:
        user = accounts.sign_up(db, email, password)
        workspace = tenancy.create_workspace(db, user, f"{user.email.split('@')[0]}'s workspace")
    except AppError as exc:
        db.rollback()
        context = {"mode": "signup", "error": exc.message, "email": email}
        return render(request, "auth.html", context, status=exc.status_code)
    return _log_in(request, db, user, f"/w/{workspace.id}")


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    return render(request, "auth.html", {"mode": "login", "next": next})


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),
    db: Session = Depends(get_db),
) -> Response:
    try:
        settings = settings_of(request)
        user = accounts.authenticate(
            db, email, password, settings.login_max_failures, settings.login_lockout_minutes
        )
    except AppError as exc:
        context = {"mode": "login", "error": exc.message, "email": email, "next": next}
        response = render(request, "auth.html", context, status=exc.status_code)
        response.headers.update(exc.headers)  # Retry-After when throttled
        return response
    return _log_in(request, db, user, _safe_next(next))


@router.post("/logout")
def logout(request: Request, db: Session = Depends(get_db)) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(db, token)
        db.commit()
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE)
    return response
