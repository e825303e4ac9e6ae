"""Accounts: sign-up, log-in and the log-in sessions behind cookies and bearer tokens."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .errors import BadRequest, Conflict, LimitExceeded
from .models import AuthSession, LoginFailure, User, utcnow
from .security import MIN_PASSWORD_LENGTH, hash_password, new_token, token_hash, verify_password

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def sign_up(db: Session, email: str, password: str) -> User:
    email = normalize_email(email)
    if not _EMAIL.match(email) or len(email) > 320:
        raise BadRequest("Enter a valid email address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if db.scalar(select(User.id).where(User.email == email)):
        raise Conflict("An account with this email already exists. Log in instead.")
    user = User(email=email, password_hash=hash_password(password))
    db.add(user)
    db.flush()
    return user


def authenticate(
    db: Session, email: str, password: str, max_failures: int = 10, lockout_minutes: int = 15
) -> User:
    """The user with these credentials. Failures are counted per email: after `max_failures`
    within `lockout_minutes`, even the right password gets 429 until the window passes."""
    email = normalize_email(email)
    since = utcnow() - timedelta(minutes=lockout_minutes)
    failures = db.scalar(
        select(func.count()).where(LoginFailure.email == email, LoginFailure.created_at > since)
    )
    if (failures or 0) >= max_failures:
        raise LimitExceeded(
            f"Too many failed log-ins for {email}. Try again in {lockout_minutes} minutes.",
            retry_after=lockout_minutes * 60,
        )
    user = db.scalar(select(User).where(User.email == email))
    if user is None or not verify_password(user.password_hash, password):
        db.add(LoginFailure(email=email))
        db.commit()  # kept although the request fails
        raise BadRequest("Wrong email or password.")
    db.execute(delete(LoginFailure).where(LoginFailure.email == email))
    return user


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


def user_for_token(db: Session, token: str, kind: str) -> User | None:
    row = db.get(AuthSession, token_hash(token))
    if row is None or row.kind != kind or row.expires_at <= utcnow():
        return None
    return db.get(User, row.user_id)
