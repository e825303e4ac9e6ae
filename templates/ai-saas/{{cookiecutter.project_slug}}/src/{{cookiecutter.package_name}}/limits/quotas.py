"""Usage metering per workspace, plan quotas and the per-minute rate limit (atomic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
# aieng:stage 5 begin

from ..db import serialize_on
from ..errors import LimitExceeded
# aieng:stage 5 stub

# aieng:stage 5 end
from ..models import UsageEvent, Workspace, utcnow
from ..settings import Plan, Settings

WINDOW = timedelta(seconds=60)


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(now: datetime) -> datetime:
    start = month_start(now)
    return (start + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class UsageSummary:
    plan: Plan
    requests: int
    tokens: int
    resets_on: datetime
    last_minute: int
    by_kind: dict[str, int]

    @property
    def requests_pct(self) -> int:
        return min(100, round(100 * self.requests / max(1, self.plan.requests_per_month)))

    @property
    def tokens_pct(self) -> int:
        return min(100, round(100 * self.tokens / max(1, self.plan.tokens_per_month)))

    def as_dict(self) -> dict:
        return {
            "plan": self.plan.name,
            "period_start": month_start(self.resets_on - timedelta(days=1)).date().isoformat(),
            "resets_on": self.resets_on.date().isoformat(),
            "requests": self.requests,
            "tokens": self.tokens,
            "requests_by_kind": self.by_kind,
            "limits": self.plan.model_dump(exclude={"name"}),
            "requests_last_minute": self.last_minute,
        }


def summary(db: Session, settings: Settings, workspace: Workspace) -> UsageSummary:
    now = utcnow()
    rows = db.execute(
        select(UsageEvent.kind, func.count(), func.coalesce(func.sum(UsageEvent.tokens), 0))
        .where(UsageEvent.workspace_id == workspace.id, UsageEvent.created_at >= month_start(now))
        .group_by(UsageEvent.kind)
    ).all()
    last_minute = db.scalar(
        select(func.count()).where(
            UsageEvent.workspace_id == workspace.id, UsageEvent.created_at > now - WINDOW
        )
    )
    return UsageSummary(
        plan=settings.plan(workspace.plan),
        requests=sum(r[1] for r in rows),
        tokens=int(sum(r[2] for r in rows)),
        resets_on=next_month(now),
        last_minute=last_minute or 0,
        by_kind={r[0]: r[1] for r in rows},
    )


def check_and_record(
    db: Session, settings: Settings, workspace: Workspace, kind: str
) -> UsageEvent:
    """Refuse the request with 429 when over a limit; otherwise meter it (tokens added later)."""
    now = utcnow()
    # aieng:stage 5 begin
    # Serialise this workspace's metered requests (a write lock on both engines): the counts
    # enforce_limits reads are then true, and N parallel requests admit exactly the limit.
    serialize_on(db, Workspace, workspace.id)
    enforce_limits(db, settings, workspace, now)
    # aieng:stage 5 stub
    # aieng:stage 5 end
    event = UsageEvent(workspace_id=workspace.id, kind=kind, tokens=0, created_at=now)
    db.add(event)
    db.flush()
    return event
# aieng:stage 5 begin


def enforce_limits(db: Session, settings: Settings, workspace: Workspace, now: datetime) -> None:
    """Raise LimitExceeded (429 with Retry-After) when one more AI request passes a limit."""
    plan = settings.plan(workspace.plan)
    recent = list(
        db.scalars(
            select(UsageEvent.created_at)
            .where(UsageEvent.workspace_id == workspace.id, UsageEvent.created_at > now - WINDOW)
            .order_by(UsageEvent.created_at)
        )
    )
    if len(recent) >= plan.requests_per_minute:
        retry = max(1, int((recent[0] + WINDOW - now).total_seconds()) + 1)
        raise LimitExceeded(
            f"Rate limit reached: the {plan.name} plan allows {plan.requests_per_minute} AI "
            f"requests per minute. Try again in {retry} seconds.",
            retry_after=retry,
        )
    used = summary(db, settings, workspace)
    resets = used.resets_on
    retry_month = max(1, int((resets - now).total_seconds()))
    if used.requests >= plan.requests_per_month:
        raise LimitExceeded(
            f"Monthly quota reached: the {plan.name} plan includes {plan.requests_per_month} AI "
            f"requests a month and this workspace has used {used.requests}. It resets on "
            f"{resets:%Y-%m-%d}; upgrade to pro for more.",
            retry_after=retry_month,
        )
    if used.tokens >= plan.tokens_per_month:
        raise LimitExceeded(
            f"Monthly token quota reached: the {plan.name} plan includes "
            f"{plan.tokens_per_month:,} tokens a month and this workspace has used "
            f"{used.tokens:,}. It resets on {resets:%Y-%m-%d}; upgrade to pro for more.",
            retry_after=retry_month,
        )
# aieng:stage 5 stub


def enforce_limits(db: Session, settings: Settings, workspace: Workspace, now: datetime) -> None:
    """Raise LimitExceeded (429 with Retry-After) when one more AI request passes a limit.

    With `plan = settings.plan(workspace.plan)`: the rate limit counts this workspace's
    UsageEvents of the last WINDOW ("Rate limit reached: the free plan allows N AI requests
    per minute. Try again in S seconds.", retry after the oldest of them leaves the window);
    then the month's requests and tokens from `summary` ("Monthly quota reached: ..." /
    "Monthly token quota reached: ...", naming the reset date and "upgrade to pro"). Then
    call it at the top of `check_and_record`, after `serialize_on(db, Workspace,
    workspace.id)` so parallel requests are counted one at a time. See STAGES.md, stage 5.
    """
    raise NotImplementedError("stage 5: refuse requests over the rate limit or the quota")
# aieng:stage 5 end


def add_tokens(db: Session, event_id: int, tokens: int) -> None:
    event = db.get(UsageEvent, event_id)
    if event is not None:
        event.tokens += max(0, tokens)
