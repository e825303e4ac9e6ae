"""The app's error family. Core code raises these; app.py turns them into HTML or JSON."""

from __future__ import annotations


class AppError(Exception):
    """A failure the user should see, with the HTTP status that fits it."""

    status_code = 400

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(AppError):
    status_code = 400


class Unauthorized(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    """Also used for rows of another workspace: their existence is not revealed."""

    status_code = 404


class Conflict(AppError):
    status_code = 409


class LimitExceeded(AppError):
    """A plan quota or the rate limit was hit (HTTP 429, with Retry-After)."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class PayloadTooLarge(AppError):
    status_code = 413
