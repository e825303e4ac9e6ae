"""Request-size limits, enforced before anything parses the body (HTTP 413).

A declared Content-Length over the route's limit is refused at once; a body without one
(chunked) is counted as it arrives and cut off at the limit. Uploads get a larger limit than
forms and JSON; Starlette spools file parts to a temporary file, never into memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings

_UPLOADS = re.compile(r"^/(w/[^/]+|api/workspaces/[^/]+)/documents/?$")
_WEBHOOK = "/billing/webhook"


def limit_for(settings: Settings) -> Callable[[str, str], int]:
    """The body limit of a request, by method and path."""

    def limit(method: str, path: str) -> int:
        if method == "POST" and _UPLOADS.match(path):
            return settings.max_upload_bytes
        if path == _WEBHOOK:
            return 512 * 1024
        return settings.max_body_bytes

    return limit


def too_large(limit: int) -> str:
    return f"Request body too large: this address accepts at most {limit:,} bytes."


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["method"], scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            response = PlainTextResponse(too_large(limit), status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # the app's error handlers render this 413
                    raise HTTPException(413, too_large(limit))
            return message

        await self.app(scope, counted, send)
