"""Security headers on every response: CSP, HSTS (behind HTTPS), no sniffing, no framing."""

from __future__ import annotations

from starlette.responses import Response

# Scripts only from our own origin (htmx and chat.js are vendored): no inline script, no
# eval, so injected markup cannot run code. htmx adds one inline <style> for indicators.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# /docs loads Swagger UI from a CDN with an inline bootstrap script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    "https://fastapi.tiangolo.com; frame-ancestors 'none'"
)


def add_security_headers(response: Response, path: str, https: bool) -> None:
    headers = response.headers
    headers.setdefault("content-security-policy", DOCS_CSP if path == "/docs" else CSP)
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("referrer-policy", "same-origin")
    headers.setdefault("x-frame-options", "DENY")
    headers.setdefault("cross-origin-opener-policy", "same-origin")
    if https:
        headers.setdefault("strict-transport-security", "max-age=63072000; includeSubDomains")
