"""Log-in throttling with atomic counters, checked *before* a password is verified.

Every attempt first adds one to several counters in a single atomic upsert and reads the new
values back, so 60 parallel guesses cannot all see "9 failures so far":

- pair:    this client + this account (the lock-out an attacker can cause affects only
           their own address, never the owner's);
- client:  this client, across accounts (one address trying many emails);
- account: this account from every client (a distributed guess);
- global:  everything (a ceiling against floods).

A browser that logged in to the account before carries a signed device cookie; it is counted
under its own key only, so the owner can still log in while someone hammers their account
(OWASP's "device cookies"). A successful log-in gives back its slot: counters count failures.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Table, case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..errors import LimitExceeded
from ..models import ThrottleCounter, utcnow


@dataclass(frozen=True)
class ThrottleLimits:
    per_pair: int = 10
    per_client: int = 20
    per_account: int = 50
    overall: int = 2000
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Attempt:
    """The counters one log-in attempt was charged to (returned so a success can release)."""

    keys: tuple[str, ...]
    release_keys: tuple[str, ...]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def device_cookie(secret_key: str, email: str) -> str:
    """A value for the device cookie: a random id signed together with the account's email."""
    device = secrets.token_urlsafe(12)
    return f"{device}.{_sign(secret_key, device, email)}"


def _sign(secret_key: str, device: str, email: str) -> str:
    message = f"device|{device}|{email}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def trusted_device(secret_key: str, cookie: str | None, email: str) -> str | None:
    """The device id if `cookie` was issued to this browser for this account, else None."""
    device, _, signature = (cookie or "").partition(".")
    if device and hmac.compare_digest(_sign(secret_key, device, email), signature):
        return device
    return None


def _hit(
    engine: Engine, keys: list[str], window: timedelta, now: datetime
) -> dict[str, tuple[int, datetime]]:
    """Add one to each key's counter (restarting expired windows) atomically; new values."""
    table = cast(Table, ThrottleCounter.__table__)
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    expired = table.c.window_start <= now - window
    results: dict[str, tuple[int, datetime]] = {}
    with engine.begin() as conn:
        for key in sorted(keys):  # one order everywhere: no lock-order deadlocks on Postgres
            statement = (
                insert(table)
                .values(key=key, window_start=now, hits=1)
                .on_conflict_do_update(
                    index_elements=[table.c.key],
                    set_={
                        "hits": case((expired, 1), else_=table.c.hits + 1),
                        "window_start": case((expired, now), else_=table.c.window_start),
                    },
                )
                .returning(table.c.hits, table.c.window_start)
            )
            hits, started = conn.execute(statement).one()
            results[key] = (hits, started)
    return results


def charge(
    engine: Engine,
    limits: ThrottleLimits,
    email: str,
    client: str,
    device: str | None,
) -> Attempt:
    """Count one log-in attempt; raise 429 (same words for every email) when over a limit."""
    account = _digest(email)
    if device:
        budget = {f"device:{device}:{account}": limits.per_pair}
        releases: tuple[str, ...] = ()
    else:
        budget = {
            f"pair:{_digest(client)}:{account}": limits.per_pair,
            f"client:{_digest(client)}": limits.per_client,
            f"account:{account}": limits.per_account,
            "global": limits.overall,
        }
        releases = (f"client:{_digest(client)}", f"account:{account}", "global")
    now = utcnow()
    counts = _hit(engine, list(budget), limits.window, now)
    over = [key for key, limit in budget.items() if counts[key][0] > limit]
    if over:
        ends = max(counts[key][1] for key in over) + limits.window
        retry = max(1, int((ends - now).total_seconds()))
        minutes = max(1, round(retry / 60))
        raise LimitExceeded(
            f"Too many log-in attempts. Try again in {minutes} minutes, or log in from a "
            "browser you have used before.",
            retry_after=retry,
        )
    pair = next(iter(budget))
    return Attempt(keys=(pair,), release_keys=releases)


def succeeded(engine: Engine, attempt: Attempt) -> None:
    """A right password: forget this pair's failures and give back the shared slots."""
    table = cast(Table, ThrottleCounter.__table__)
    with engine.begin() as conn:
        conn.execute(delete(table).where(table.c.key.in_(attempt.keys)))
        if attempt.release_keys:
            conn.execute(
                update(table)
                .where(table.c.key.in_(attempt.release_keys), table.c.hits > 0)
                .values(hits=table.c.hits - 1)
            )


def purge(engine: Engine, limits: ThrottleLimits) -> int:
    """Delete counters whose window has passed; returns how many."""
    table = cast(Table, ThrottleCounter.__table__)
    with engine.begin() as conn:
        done = conn.execute(delete(table).where(table.c.window_start <= utcnow() - limits.window))
    return done.rowcount or 0
