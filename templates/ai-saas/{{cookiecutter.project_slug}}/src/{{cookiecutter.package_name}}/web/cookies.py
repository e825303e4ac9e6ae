"""The app's cookies: `__Host-` names when Secure (HTTPS only, this host only, path /)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.responses import Response

from ..settings import Settings


@dataclass(frozen=True)
class CookieNames:
    session: str
    csrf: str
    device: str


def cookie_names(settings: Settings) -> CookieNames:
    # Browsers only accept `__Host-` cookies with Secure, so plain-HTTP development drops it.
    prefix = "__Host-" if settings.secure_cookies else ""
    return CookieNames(session=f"{prefix}session", csrf=f"{prefix}csrf", device=f"{prefix}device")


def set_cookie(
    response: Response, settings: Settings, name: str, value: str, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def delete_cookie(response: Response, settings: Settings, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )
