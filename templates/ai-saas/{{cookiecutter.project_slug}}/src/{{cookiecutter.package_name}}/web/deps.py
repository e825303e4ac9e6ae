"""Request plumbing shared by the HTML and JSON routes: database session, user, CSRF, rendering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from .accounts import user_for_token
from .errors import AppError, Forbidden, Unauthorized
from .models import User
from .security import csrf_token_for, csrf_valid
from .settings import Settings
from .tenancy import Access, get_access

SESSION_COOKIE = "session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(AppError):
    """Raised by page routes; app.py answers with a redirect to the log-in page."""

    status_code = 401


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request. Routes commit explicitly; closing rolls back the rest.

    (close(), not rollback(): loaded objects stay readable after the response has started,
    which streamed responses rely on.)
    """
    with request.app.state.db.sessions() as session:
        yield session


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_user(request: Request, db: Session = Depends(get_db)) -> User | None:
    token = bearer_token(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if token:
        user = user_for_token(db, token, "api")
    else:
        user = user_for_token(db, cookie, "web") if cookie else None
    request.state.user = user  # for the page header, error pages included
    return user


def page_user(user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise LoginRequired("Log in to continue.")
    return user


def api_user(user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise Unauthorized(
            "Authentication required: send `Authorization: Bearer <token>` "
            "(POST /api/auth/token) or log in."
        )
    return user


def page_access(
    workspace_id: str, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Access:
    return get_access(db, user, workspace_id)


def api_access(
    workspace_id: str, user: User = Depends(api_user), db: Session = Depends(get_db)
) -> Access:
    return get_access(db, user, workspace_id)


async def csrf_protect(request: Request) -> None:
    """Reject unsafe requests that do not carry the token paired with the `csrftoken` cookie.

    Exempt: bearer-token API calls (no ambient credentials), and JSON calls that carry no
    session cookie (a cross-site page cannot send JSON without a CORS preflight).
    """
    if request.method not in UNSAFE_METHODS or bearer_token(request):
        return
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json") and SESSION_COOKIE not in request.cookies:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    nonce = request.cookies.get(CSRF_COOKIE)
    if not csrf_valid(settings_of(request).secret_key, nonce, submitted):
        raise Forbidden("CSRF check failed: reload the page and try again.")


def csrf_token(request: Request) -> str:
    return csrf_token_for(settings_of(request).secret_key, request.state.csrf_nonce)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    state = request.app.state
    full = {
        "flavour": state.flavour,
        "csrf_token": csrf_token(request),
        "user": getattr(request.state, "user", None),
        **(context or {}),
    }
    return state.templates.TemplateResponse(request, template, full, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a POST the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
