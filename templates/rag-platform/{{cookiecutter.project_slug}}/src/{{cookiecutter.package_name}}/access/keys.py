"""API keys: created by the CLI, stored only as SHA-256 hashes, each with scopes and collections."""

from __future__ import annotations

# aieng:stage 6 begin
import hashlib
import secrets
# aieng:stage 6 stub
# aieng:stage 6 end
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

# aieng:stage 6 begin
from ..errors import RagError
from ..ingestion.catalog import Actor, check_collection
# aieng:stage 6 stub
from ..ingestion.catalog import Actor
# aieng:stage 6 end
from ..state import connect

SCOPES = ("query", "ingest", "admin")
KEY_PREFIX = "rag_"
ALL_COLLECTIONS = "*"


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    revoked_at: str | None = None
    collections: tuple[str, ...] = (ALL_COLLECTIONS,)
    """The collections this key may use; `*` is every one."""

    def allows(self, scope: str) -> bool:
        """Whether this key may do what `scope` permits (`admin` permits everything)."""
        # aieng:stage 6 begin "API keys and scopes"
        return scope in self.scopes or "admin" in self.scopes
        # aieng:stage 6 stub
        raise NotImplementedError("stage 6: check the key's scopes")
        # aieng:stage 6 end

    def may_use(self, collection: str) -> bool:
        """Whether this key may use `collection` (`*` among its collections: every one)."""
        # aieng:stage 6 begin
        return ALL_COLLECTIONS in self.collections or collection in self.collections
        # aieng:stage 6 stub
        raise NotImplementedError("stage 6: check the key's collections")
        # aieng:stage 6 end

    @property
    def actor(self) -> Actor:
        return Actor(self.id, admin="admin" in self.scopes)


def hash_key(key: str) -> str:
    """The SHA-256 hex digest of a key: all that is ever stored of it."""
    # aieng:stage 6 begin
    # Keys are 256-bit random tokens, so a fast hash is safe here; passwords would need a slow one.
    return hashlib.sha256(key.encode()).hexdigest()
    # aieng:stage 6 stub
    raise NotImplementedError("stage 6: hash the key with SHA-256")
    # aieng:stage 6 end


class KeyStore:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
    # aieng:stage 6 begin

    def create(
        self, name: str, scopes: Iterable[str], collections: Iterable[str] = ()
    ) -> tuple[ApiKey, str]:
        """Store a new key's hash; return the record and the plaintext key (shown once)."""
        scopes = tuple(dict.fromkeys(scopes)) or ("query",)
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise RagError(f"unknown scope {unknown[0]!r}; choose from {', '.join(SCOPES)}")
        if not name.strip():
            raise RagError("a key needs a name")
        names = tuple(dict.fromkeys(collections)) or (ALL_COLLECTIONS,)
        for collection in names:
            if collection != ALL_COLLECTIONS:
                check_collection(collection)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        record = ApiKey(
            id=secrets.token_hex(4),
            name=name.strip(),
            scopes=scopes,
            created_at=datetime.now(timezone.utc).isoformat(),
            collections=names,
        )
        with connect(self.db_path) as db:
            db.execute(
                "INSERT INTO api_keys (id, name, key_hash, scopes, collections, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    record.name,
                    hash_key(key),
                    " ".join(scopes),
                    " ".join(names),
                    record.created_at,
                ),
            )
        return record, key

    def verify(self, key: str) -> ApiKey | None:
        with connect(self.db_path) as db:
            row = db.execute(
                "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (hash_key(key),)
            ).fetchone()
        return _record(row) if row else None
    # aieng:stage 6 stub

    def create(
        self, name: str, scopes: Iterable[str], collections: Iterable[str] = ()
    ) -> tuple[ApiKey, str]:
        """Store a new key's hash; return the record and the plaintext key (shown once).

        Scopes default to ("query",), each one of SCOPES (else `RagError("unknown scope ...")`
        naming it; an empty name is a RagError too); collections default to (ALL_COLLECTIONS,),
        each checked with `check_collection` (from `..ingestion.catalog`). The key is
        KEY_PREFIX and 32 random bytes (`secrets.token_urlsafe`); the id is 4 random bytes in
        hex. Insert a row into `api_keys` (scopes and collections space-separated) holding
        only `hash_key(key)`.
        """
        raise NotImplementedError("stage 6: create a key and store only its hash")

    def verify(self, key: str) -> ApiKey | None:
        """The record of an unrevoked key, found by its hash; None for any other key."""
        raise NotImplementedError("stage 6: find a key by its hash")
    # aieng:stage 6 end

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


def _record(row: sqlite3.Row) -> ApiKey:
    return ApiKey(
        id=row["id"],
        name=row["name"],
        scopes=tuple(row["scopes"].split()),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        collections=tuple(row["collections"].split()),
    )
