"""Sign-up, log-in and log-out pages (all forms CSRF-checked, log-in throttled)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...accounts import email_links, sessions, users
from ...accounts.throttle import device_cookie, trusted_device
from ...errors import AppError
from ...jobs.maintenance import limits_of
from ...models import User
from ...workspaces.access import create_workspace
from ..cookies import cookie_names, delete_cookie, set_cookie
from ..deps import (
    client_address,
    csrf_protect,
    get_db,
    optional_user,
    redirect,
    render,
    session_token,
    settings_of,
)

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only same-site paths: `next=//evil.example` must not become an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/workspaces"


def log_in(request: Request, db: Session, user: User, target: str) -> Response:
    """Start a session; rotate the CSRF nonce (tokens from before log-in stop working)."""
    settings = settings_of(request)
    names = cookie_names(settings)
    token = sessions.start_session(db, user, "web", settings.session_days)
    db.commit()
    request.state.rotated_nonce = secrets.token_urlsafe(24)
    response = redirect(target)
    set_cookie(response, settings, names.session, token, max_age=settings.session_days * 86400)
    device = request.cookies.get(names.device)
    if not trusted_device(settings.secret_key, device, user.email):
        set_cookie(
            response,
            settings,
            names.device,
            device_cookie(settings.secret_key, user.email),
            max_age=365 * 86400,
        )
    return response


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
        user = users.sign_up(db, email, password)
        workspace = create_workspace(db, user, f"{user.email.split('@')[0]}'s workspace")
        db.commit()
    except AppError as exc:
        db.rollback()
        context = {"mode": "signup", "error": exc.message, "email": email[:320]}
        return render(request, "auth.html", context, status=exc.status_code)
    state = request.app.state
    email_links.send_verification(db, state.settings, state.mailer, user)
    response = log_in(request, db, user, f"/w/{workspace.id}")
    response.status_code = 303
    return response


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
    settings = settings_of(request)
    names = cookie_names(settings)
    email = users.normalize_email(email)[:320]
    device = trusted_device(settings.secret_key, request.cookies.get(names.device), email)
    try:
        user = users.authenticate(
            db,
            request.app.state.db.engine,
            limits_of(settings),
            email,
            password,
            client_address(request),
            device,
        )
    except AppError as exc:
        context = {"mode": "login", "error": exc.message, "email": email, "next": next}
        response = render(request, "auth.html", context, status=exc.status_code)
        response.headers.update(exc.headers)  # Retry-After when throttled
        return response
    return log_in(request, db, user, safe_next(next))


@router.post("/logout")
def logout(request: Request, db: Session = Depends(get_db)) -> Response:
    settings = settings_of(request)
    token = session_token(request)
    if token:
        sessions.end_session(db, token)
        db.commit()
    response = redirect("/")
    delete_cookie(response, settings, cookie_names(settings).session)
    return response
