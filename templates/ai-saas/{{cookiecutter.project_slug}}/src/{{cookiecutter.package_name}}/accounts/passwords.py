"""Passwords (argon2id), random tokens and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A URL-safe random token (256 bits) for sessions, API access and invites."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of the token: a leaked table grants no access."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(secret_key: str, nonce: str) -> str:
    """The form token paired with the `csrftoken` cookie nonce (signed double-submit)."""
    return hmac.new(secret_key.encode(), nonce.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret_key: str, nonce: str | None, submitted: str | None) -> bool:
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(csrf_token_for(secret_key, nonce), submitted)
