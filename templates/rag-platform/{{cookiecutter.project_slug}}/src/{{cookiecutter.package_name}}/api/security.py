"""Who is calling: API keys from headers only, scopes, collections and per-key rate limits.

Keys come only from `Authorization: Bearer` or `X-API-Key`. Browsers add neither on their own,
so another site cannot make a visitor's browser write here (no cookies, no Basic auth). As a
second fence, a write whose Origin header names another host is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from ..access.keys import SCOPES, ApiKey

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="{{ cookiecutter.project_slug }}"'}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def key_from_request(request: Request) -> str | None:
    """Bearer token or X-API-Key header; nothing a browser would send by itself."""
    if key := request.headers.get("x-api-key"):
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def _cross_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or request.method in SAFE_METHODS:
        return False
    return urlsplit(origin).netloc != request.headers.get("host", "")


def require(scope: str) -> Callable[[Request], ApiKey]:
    """FastAPI dependency: 401 without a valid key, 403 without `scope`, 429 over the limit."""
    if scope not in SCOPES:
        raise ValueError(scope)

    def dependency(request: Request) -> ApiKey:
        # aieng:stage 6 begin
        if _cross_site(request):
            raise HTTPException(403, "cross-site writes are refused")
        key = key_from_request(request)
        if not key:
            raise HTTPException(401, "missing API key", headers=CHALLENGE)
        services = request.app.state.services
        record = services.keys.verify(key)
        if record is None:
            raise HTTPException(401, "invalid or revoked API key", headers=CHALLENGE)
        if not record.allows(scope):
            raise HTTPException(403, f"this key lacks the {scope!r} scope")
        wait = services.limiter.check(record.id)
        if wait:
            services.metrics.rate_limited.inc()
            raise HTTPException(
                429, "rate limit exceeded for this key", headers={"Retry-After": str(wait)}
            )
        return record
        # aieng:stage 6 stub
        # Refuse cross-site writes (403), then find the key in the headers (`key_from_request`;
        # none: 401 with CHALLENGE), verify it (`request.app.state.services.keys`; unknown or
        # revoked: 401), check its scope (403), then its rate limit (`services.limiter`; over
        # it: 429 with Retry-After, counted in `services.metrics.rate_limited`); return its record.
        raise NotImplementedError("stage 6: authenticate the request's API key and its scope")
        # aieng:stage 6 end

    return dependency


def check_collection_access(key: ApiKey, collection: str) -> None:
    if collection.startswith("_") or not key.may_use(collection):
        raise HTTPException(403, f"this key may not use collection {collection!r}")
