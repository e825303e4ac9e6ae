"""A cap on the whole request body, enforced before anything reads it or checks the key.

A declared Content-Length over the cap is refused at once; a body without one (chunked) is
counted as it streams in and cut off with 413 the moment it passes the cap.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    pass


def _caused_by_cap(exc: BaseException | None, depth: int = 0) -> bool:
    """True if BodyTooLarge is this exception, inside its group, or in its chain."""
    if exc is None or depth > 10:
        return False
    if isinstance(exc, BodyTooLarge):
        return True
    inner = getattr(exc, "exceptions", None) or ()  # an ExceptionGroup from a task group
    return any(_caused_by_cap(e, depth + 1) for e in inner) or _caused_by_cap(
        exc.__cause__ or exc.__context__, depth + 1
    )


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"request body larger than {self.max_bytes / 1_048_576:g} MB"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(send)
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception as exc:
            if not _caused_by_cap(exc):
                raise
            if not started:
                await self._refuse(send)
