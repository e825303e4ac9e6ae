"""Accounts: sign-up and log-in (throttled, with the same work for known and unknown emails)."""

from __future__ import annotations

import re
# aieng:stage 1 begin

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import BadRequest, Conflict
from ..models import User
from . import throttle
from .passwords import hash_password, verify_password
from .policy import check_password
# aieng:stage 1 stub

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..errors import BadRequest
from ..models import User
from . import throttle
# aieng:stage 1 end

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXISTS = "An account with this email already exists. Log in instead."


def normalize_email(email: str) -> str:
    return email.strip().lower()


def valid_email(email: str) -> str:
    email = normalize_email(email)
    if len(email) > 320 or not _EMAIL.match(email):
        raise BadRequest("Enter a valid email address.")
    return email
# aieng:stage 1 begin


def sign_up(db: Session, email: str, password: str) -> User:
    """Create the account. Two sign-ups racing for one email: one wins, the other gets 409."""
    email = valid_email(email)
    check_password(password, email)
    if db.scalar(select(User.id).where(User.email == email)):
        raise Conflict(EXISTS)
    user = User(email=email, password_hash=hash_password(password))
    try:
        with db.begin_nested():  # a savepoint: the unique index decides a race
            db.add(user)
    except IntegrityError:
        raise Conflict(EXISTS) from None
    return user


def authenticate(
    db: Session,
    engine: Engine,
    limits: throttle.ThrottleLimits,
    email: str,
    password: str,
    client: str,
    device: str | None = None,
) -> User:
    """The user with these credentials; 429 once a throttle counter is over its limit."""
    email = normalize_email(email)[:320]
    attempt = throttle.charge(engine, limits, email, client, device)
    user = db.scalar(select(User).where(User.email == email))
    # verify even when there is no such user: the timing must not tell whether it exists
    if not verify_password(user.password_hash if user else None, password[:1024]) or not user:
        raise BadRequest("Wrong email or password.")
    throttle.succeeded(engine, attempt)
    return user
# aieng:stage 1 stub


def sign_up(db: Session, email: str, password: str) -> User:
    """Create the account. Two sign-ups racing for one email: one wins, the other gets 409.

    Normalise the email with `valid_email`, check the password with `policy.check_password`,
    store only `hash_password(password)`, and raise `Conflict(EXISTS)` when the email is
    taken - also when a parallel sign-up wins the race (add the user inside
    `db.begin_nested()` and catch IntegrityError). See STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: create the account with an argon2 password hash")


def authenticate(
    db: Session,
    engine: Engine,
    limits: throttle.ThrottleLimits,
    email: str,
    password: str,
    client: str,
    device: str | None = None,
) -> User:
    """The user with these credentials; 429 once a throttle counter is over its limit.

    Normalise the email, charge the attempt with `throttle.charge` first, verify the
    password even when no such user exists (`verify_password(None, ...)` costs the same),
    raise `BadRequest("Wrong email or password.")` either way, and on success call
    `throttle.succeeded`. See STAGES.md, stage 1.
    """
    raise NotImplementedError("stage 1: check the password, the same way for unknown emails")
# aieng:stage 1 end
