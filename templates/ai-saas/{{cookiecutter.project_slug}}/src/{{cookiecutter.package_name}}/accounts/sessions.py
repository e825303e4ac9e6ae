"""Log-in sessions behind the browser cookie. Only the token's SHA-256 is stored."""

from __future__ import annotations
# aieng:stage 1 begin

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..models import AuthSession, User, utcnow
from .passwords import new_token, token_hash
# aieng:stage 1 stub

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..models import AuthSession, User, utcnow
from .passwords import token_hash
# aieng:stage 1 end
# aieng:stage 1 begin


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
# aieng:stage 1 stub


def start_session(db: Session, user: User, kind: str, days: int) -> str:
    """Create a log-in session; return the raw token (only its hash is stored).

    Make the token with `passwords.new_token()`, store an `AuthSession` keyed by
    `token_hash(token)` for `user`, of this `kind`, expiring `days` from now (`utcnow()`),
    and return the raw token for the cookie. See STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: start a session and store only its token's hash")
# aieng:stage 1 end


def end_session(db: Session, token: str) -> None:
    db.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))


def end_all_sessions(db: Session, user_id: str) -> None:
    """Log out everywhere (after a password reset)."""
    db.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
# aieng:stage 1 begin


def user_for_token(db: Session, token: str, kind: str) -> User | None:
    """The user of a live session of this kind; None for unknown, expired or other kinds."""
    row = db.get(AuthSession, token_hash(token))
    if row is None or row.kind != kind or row.expires_at <= utcnow():
        return None
    return db.get(User, row.user_id)
# aieng:stage 1 stub


def user_for_token(db: Session, token: str, kind: str) -> User | None:
    """The user of a live session of this kind; None for unknown, expired or other kinds.

    Look the session up by `token_hash(token)` (the raw token is never stored). See
    STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: find the user of a live session token")
# aieng:stage 1 end


def purge_expired(db: Session) -> int:
    """Delete expired sessions; returns how many."""
    done = db.execute(delete(AuthSession).where(AuthSession.expires_at <= utcnow()))
    return getattr(done, "rowcount", 0) or 0
