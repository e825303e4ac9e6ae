"""Email verification and password reset: single-use, expiring links sent by email."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from ..errors import BadRequest
from ..models import EmailToken, User, utcnow
from ..settings import Settings
from .mail import Mailer, send_safely
from .passwords import hash_password, new_token, token_hash
from .policy import check_password
from .sessions import end_all_sessions
from .users import normalize_email

INVALID = "This link is invalid, expired or already used. Ask for a new one."


def issue(db: Session, user: User, purpose: str, lifetime: timedelta) -> str:
    """A new single-use token for `user`; only its hash is stored."""
    raw = new_token()
    db.add(
        EmailToken(
            token_hash=token_hash(raw),
            user_id=user.id,
            purpose=purpose,
            expires_at=utcnow() + lifetime,
        )
    )
    db.flush()
    return raw


def consume(db: Session, raw: str, purpose: str) -> User:
    """Use a token once: a conditional update, so two clicks racing cannot both succeed."""
    now = utcnow()
    table = cast(Table, EmailToken.__table__)
    used = db.execute(
        update(table)
        .where(
            table.c.token_hash == token_hash(raw),
            table.c.purpose == purpose,
            table.c.used_at.is_(None),
            table.c.expires_at > now,
        )
        .values(used_at=now)
    )
    if getattr(used, "rowcount", 0) != 1:
        raise BadRequest(INVALID)
    row = db.get_one(EmailToken, token_hash(raw))
    return db.get_one(User, row.user_id)


def send_verification(db: Session, settings: Settings, mailer: Mailer, user: User) -> None:
    raw = issue(db, user, "verify", timedelta(hours=settings.verify_token_hours))
    db.commit()
    body = (
        f"Welcome to {settings.product_name}!\n\nConfirm your email address by opening this "
        f"link (valid for {settings.verify_token_hours} hours):\n\n"
        f"{settings.link('/verify/' + raw)}\n\nIf you did not sign up, ignore this email."
    )
    send_safely(mailer, user.email, f"Confirm your email for {settings.product_name}", body)


def verify_email(db: Session, raw: str) -> User:
    user = consume(db, raw, "verify")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.flush()
    return user


def request_reset(db: Session, settings: Settings, mailer: Mailer, email: str) -> None:
    """Send a reset link if the account exists; the caller answers the same either way."""
    user = db.scalar(select(User).where(User.email == normalize_email(email)[:320]))
    if user is None:
        return
    raw = issue(db, user, "reset", timedelta(minutes=settings.reset_token_minutes))
    db.commit()
    body = (
        f"Someone asked to reset the password of your {settings.product_name} account.\n\n"
        f"Choose a new password here (valid for {settings.reset_token_minutes} minutes, "
        f"once):\n\n{settings.link('/reset/' + raw)}\n\nIf it was not you, ignore this email."
    )
    send_safely(mailer, user.email, f"Reset your {settings.product_name} password", body)


def reset_password(db: Session, raw: str, password: str) -> User:
    """Set a new password with a reset token; every existing log-in is ended."""
    row = db.get(EmailToken, token_hash(raw))
    if row is not None and row.purpose == "reset":  # check the policy before using the token
        check_password(password, db.get_one(User, row.user_id).email)
    user = consume(db, raw, "reset")
    user.password_hash = hash_password(password)
    if user.email_verified_at is None:  # the link proved the address
        user.email_verified_at = utcnow()
    end_all_sessions(db, user.id)
    db.flush()
    return user
