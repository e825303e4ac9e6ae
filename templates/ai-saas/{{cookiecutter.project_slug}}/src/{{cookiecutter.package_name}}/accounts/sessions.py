"""Log-in sessions behind the browser cookie. Only the token's SHA-256 is stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..models import AuthSession, User, utcnow
from .passwords import new_token, token_hash


def start_session(db: Session, user: User, kind: str, days: int) -> str:
    """Create a log-in session; return the raw token (only its hash is stored)."""
    token = new_token()
    db.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            kind=kind,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    return token


def end_session(db: Session, token: str) -> None:
    db.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))


def end_all_sessions(db: Session, user_id: str) -> None:
    """Log out everywhere (after a password reset)."""
    db.execute(delete(AuthSession).where(AuthSession.user_id == user_id))


def user_for_token(db: Session, token: str, kind: str) -> User | None:
    row = db.get(AuthSession, token_hash(token))
    if row is None or row.kind != kind or row.expires_at <= utcnow():
        return None
    return db.get(User, row.user_id)


def purge_expired(db: Session) -> int:
    """Delete expired sessions; returns how many."""
    done = db.execute(delete(AuthSession).where(AuthSession.expires_at <= utcnow()))
    return getattr(done, "rowcount", 0) or 0
