"""Named, scoped, revocable API keys per workspace (`Authorization: Bearer sk_...`).

A key acts for the owner who made it, inside its workspace only, with its scopes; it stops
working when revoked, when it expires, or when its maker is no longer an owner there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.passwords import new_token, token_hash
from ..errors import BadRequest, Forbidden, NotFound
from ..models import ApiKey, Membership, utcnow
from .access import Access, require_owner

PREFIX = "sk_"
SCOPES = ("read", "write")


@dataclass(frozen=True)
class ApiKeyAccess:
    access: Access
    key: ApiKey

    def require(self, scope: str) -> None:
        if scope not in self.key.scopes.split(","):
            raise Forbidden(f"This API key lacks the '{scope}' scope.")


def create_key(
    db: Session, access: Access, name: str, scopes: list[str], days: int | None = None
) -> tuple[ApiKey, str]:
    """Make a key; return it and the raw secret (shown once, only its hash is stored)."""
    require_owner(access)
    name = name.strip()
    if not name or len(name) > 80:
        raise BadRequest("Give the key a name of 1 to 80 characters.")
    unknown = set(scopes) - set(SCOPES)
    if not scopes or unknown:
        raise BadRequest(f"Scopes must be some of: {', '.join(SCOPES)}.")
    raw = PREFIX + new_token()
    key = ApiKey(
        workspace_id=access.workspace.id,
        name=name,
        prefix=raw[:10],
        token_hash=token_hash(raw),
        scopes=",".join(s for s in SCOPES if s in scopes),
        created_by=access.user.id,
        expires_at=utcnow() + timedelta(days=days) if days else None,
    )
    db.add(key)
    db.flush()
    return key, raw


def list_keys(db: Session, access: Access) -> list[ApiKey]:
    require_owner(access)
    query = select(ApiKey).where(ApiKey.workspace_id == access.workspace.id)
    return list(db.scalars(query.order_by(ApiKey.created_at)))


def revoke_key(db: Session, access: Access, key_id: str) -> ApiKey:
    require_owner(access)
    key = db.scalar(
        select(ApiKey).where(ApiKey.id == key_id, ApiKey.workspace_id == access.workspace.id)
    )
    if key is None:
        raise NotFound("API key not found.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    db.flush()
    return key


def access_for_key(db: Session, raw: str) -> ApiKeyAccess | None:
    """The access a raw key grants, or None (unknown, revoked, expired, maker gone)."""
    if not raw.startswith(PREFIX):
        return None
    key = db.scalar(select(ApiKey).where(ApiKey.token_hash == token_hash(raw)))
    now = utcnow()
    if key is None or key.revoked_at is not None or (key.expires_at and key.expires_at <= now):
        return None
    membership = db.scalar(
        select(Membership).where(
            Membership.workspace_id == key.workspace_id, Membership.user_id == key.created_by
        )
    )
    if membership is None or membership.role != "owner":
        return None
    access = Access(user=membership.user, workspace=membership.workspace, role=membership.role)
    return ApiKeyAccess(access=access, key=key)
