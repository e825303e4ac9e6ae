"""CSRF tokens: signed double-submit, bound to the session and rotated at log-in."""

from __future__ import annotations

import hashlib
import hmac


def csrf_token_for(secret_key: str, nonce: str, session: str | None) -> str:
    """The form token for this browser: HMAC over the `csrftoken` cookie nonce and the session
    cookie, so a token from one session (or before log-in) is worthless in another."""
    message = f"{nonce}|{session or ''}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def csrf_valid(
    secret_key: str, nonce: str | None, session: str | None, submitted: str | None
) -> bool:
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(csrf_token_for(secret_key, nonce, session), submitted)
