"""Housekeeping: delete expired sessions, throttle counters and used or expired email links.

Runs when the app starts and with `python -m {{ cookiecutter.package_name }}.jobs.maintenance`
(schedule it daily with cron or your platform's scheduler).
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

from sqlalchemy import delete, or_

from ..accounts import throttle
from ..accounts.sessions import purge_expired as purge_sessions
from ..db import Database
from ..models import EmailToken, utcnow
from ..settings import Settings


def limits_of(settings: Settings) -> throttle.ThrottleLimits:
    return throttle.ThrottleLimits(
        per_pair=settings.login_max_failures,
        per_client=settings.login_max_per_client,
        per_account=settings.login_max_per_account,
        overall=settings.login_max_overall,
        window=timedelta(minutes=settings.login_lockout_minutes),
    )


def purge_expired(database: Database, settings: Settings) -> dict[str, int]:
    """Delete what has expired; returns how many rows of each kind."""
    counts = {"throttle_counters": throttle.purge(database.engine, limits_of(settings))}
    with database.session() as db:
        counts["sessions"] = purge_sessions(db)
        done = db.execute(
            delete(EmailToken).where(
                or_(EmailToken.used_at.is_not(None), EmailToken.expires_at <= utcnow())
            )
        )
        counts["email_tokens"] = getattr(done, "rowcount", 0) or 0
    return counts


def main() -> int:
    settings = Settings.from_env()
    database = Database(settings.database_url)
    print(json.dumps(purge_expired(database, settings)))
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
