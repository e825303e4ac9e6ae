"""Request plumbing shared by the HTML and JSON routes: database session, user, CSRF, rendering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ..accounts.sessions import user_for_token
from ..errors import AppError, Forbidden, NotFound, Unauthorized
from ..models import User
from ..settings import Settings
from ..workspaces.access import Access, get_access
from ..workspaces.apikeys import ApiKeyAccess, access_for_key
from .cookies import cookie_names
from .csrf import csrf_token_for, csrf_valid

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(AppError):
    """Raised by page routes; app.py answers with a redirect to the log-in page."""

    status_code = 401


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_address(request: Request) -> str:
    """The caller's address (uvicorn resolves X-Forwarded-For from trusted proxies only)."""
    return request.client.host if request.client else "unknown"


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


def session_token(request: Request) -> str | None:
    return request.cookies.get(cookie_names(settings_of(request)).session)


def optional_user(request: Request, db: Session = Depends(get_db)) -> User | None:
    """The logged-in browser user (API keys are workspace-scoped: see api_access)."""
    cookie = session_token(request)
    user = user_for_token(db, cookie, "web") if cookie else None
    request.state.user = user  # for the page header, error pages included
    return user


def page_user(user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise LoginRequired("Log in to continue.")
    return user


def api_user(request: Request, user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise Unauthorized(
            "Authentication required: log in, or call the workspace routes with an API key "
            "(`Authorization: Bearer <key>`)."
        )
    return user


def page_access(
    workspace_id: str, user: User = Depends(page_user), db: Session = Depends(get_db)
) -> Access:
    return get_access(db, user, workspace_id)


def _key_access(request: Request, db: Session, workspace_id: str) -> ApiKeyAccess | None:
    raw = bearer_token(request)
    if raw is None:
        return None
    found = access_for_key(db, raw)
    if found is None:
        raise Unauthorized("This API key is not valid (revoked, expired or mistyped).")
    if found.access.workspace.id != workspace_id:
        raise NotFound("Workspace not found.")
    return found


def api_access(request: Request, workspace_id: str, db: Session = Depends(get_db)) -> Access:
    """A workspace route over the API: an API key of that workspace, or the browser session."""
    key = _key_access(request, db, workspace_id)
    if key is not None:
        scope = "write" if request.method in UNSAFE_METHODS else "read"
        key.require(scope)
        return key.access
    user = api_user(request, optional_user(request, db))
    return get_access(db, user, workspace_id)


async def csrf_protect(request: Request) -> None:
    """Reject unsafe requests that lack the token bound to this browser's nonce and session.

    Exempt: API-key calls (no ambient credentials), and JSON calls that carry no session
    cookie (a cross-site page cannot send JSON without a CORS preflight).
    """
    if request.method not in UNSAFE_METHODS or bearer_token(request):
        return
    names = cookie_names(settings_of(request))
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json") and names.session not in request.cookies:
        return
    nonce = request.cookies.get(names.csrf)
    if not nonce:  # refuse before parsing any body: no cookie, no valid token possible
        raise Forbidden("CSRF check failed: reload the page and try again.")
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    session = request.cookies.get(names.session)
    if not csrf_valid(settings_of(request).secret_key, nonce, session, submitted):
        raise Forbidden("CSRF check failed: reload the page and try again.")


def csrf_token(request: Request) -> str:
    nonce = request.state.csrf_nonce
    session = getattr(request.state, "new_session", None) or session_token(request)
    return csrf_token_for(settings_of(request).secret_key, nonce, session)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    state = request.app.state
    full = {
        "flavour": state.flavour,
        "product": state.settings.product_name,
        "csrf_token": csrf_token(request),
        "user": getattr(request.state, "user", None),
        **(context or {}),
    }
    response: HTMLResponse = state.templates.TemplateResponse(
        request, template, full, status_code=status
    )
    return response


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a POST the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
