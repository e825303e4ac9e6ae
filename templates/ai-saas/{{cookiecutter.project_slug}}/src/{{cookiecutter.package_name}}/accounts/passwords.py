"""Passwords (argon2id) and random tokens. Only hashes of either are ever stored."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

DEFAULT_HASHER = PasswordHasher()  # argon2id, 64 MiB, 3 passes: RFC 9106's second choice
_hasher = DEFAULT_HASHER
# Verified against when the account does not exist, so an unknown email costs the same
# argon2 work as a wrong password and the response time does not reveal which it was.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash with other argon2 parameters from now on (the tests use cheap ones: they hash
    hundreds of passwords, at ~0.1 s each with the default cost). Existing hashes still
    verify: each hash records its own parameters."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash (unknown account) do the same work, False."""
    try:
        ok = _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def new_token() -> str:
    """A URL-safe random token (256 bits) for sessions, API keys, invites and email links."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of the token: a leaked table grants no access."""
    return hashlib.sha256(token.encode()).hexdigest()
