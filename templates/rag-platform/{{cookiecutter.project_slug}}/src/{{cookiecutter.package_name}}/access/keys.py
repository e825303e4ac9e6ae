"""API keys: created by the CLI, stored only as SHA-256 hashes, each with scopes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fastapi import HTTPException, Request

from .db import connect
from .errors import RagError

SCOPES = ("query", "ingest", "admin")
KEY_PREFIX = "rag_"
# Browsers show a login box for Basic; paste the key as the password (any user name).
CHALLENGE = {"WWW-Authenticate": 'Bearer, Basic realm="{{ cookiecutter.project_slug }}"'}


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    revoked_at: str | None = None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a fast hash is safe here; passwords would need a slow one.
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def create(self, name: str, scopes: Iterable[str]) -> tuple[ApiKey, str]:
        """Store a new key's hash; return the record and the plaintext key (shown once)."""
        scopes = tuple(dict.fromkeys(scopes)) or ("query",)
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise RagError(f"unknown scope {unknown[0]!r}; choose from {', '.join(SCOPES)}")
        if not name.strip():
            raise RagError("a key needs a name")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        record = ApiKey(
            id=secrets.token_hex(4),
            name=name.strip(),
            scopes=scopes,
            created_at=datetime.now(timezone.utc).isoformat(),
        )
        with connect(self.db_path) as db:
            db.execute(
                "INSERT INTO api_keys (id, name, key_hash, scopes, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (record.id, record.name, hash_key(key), " ".join(scopes), record.created_at),
            )
        return record, key

    def verify(self, key: str) -> ApiKey | None:
        with connect(self.db_path) as db:
            row = db.execute(
                "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (hash_key(key),)
            ).fetchone()
        return _record(row) if row else None

    def list(self) -> list[ApiKey]:
        with connect(self.db_path) as db:
            rows = db.execute("SELECT * FROM api_keys ORDER BY created_at").fetchall()
        return [_record(row) for row in rows]

    def revoke(self, key_id: str) -> bool:
        with connect(self.db_path) as db:
            done = db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (datetime.now(timezone.utc).isoformat(), key_id),
            )
        return done.rowcount == 1


def _record(row) -> ApiKey:
    return ApiKey(
        id=row["id"],
        name=row["name"],
        scopes=tuple(row["scopes"].split()),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )


def key_from_request(request: Request) -> str | None:
    """Bearer token, X-API-Key header, or the password of HTTP Basic auth."""
    if key := request.headers.get("x-api-key"):
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic":
        try:
            _, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return password or None
    return None


def require(scope: str):
    """FastAPI dependency: 401 without a valid key, 403 when the key lacks `scope`."""
    if scope not in SCOPES:
        raise ValueError(scope)

    def dependency(request: Request) -> ApiKey:
        key = key_from_request(request)
        if not key:
            raise HTTPException(401, "missing API key", headers=CHALLENGE)
        record = request.app.state.services.keys.verify(key)
        if record is None:
            raise HTTPException(401, "invalid or revoked API key", headers=CHALLENGE)
        if not record.allows(scope):
            raise HTTPException(403, f"this key lacks the {scope!r} scope")
        return record

    return dependency
