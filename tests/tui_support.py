"""Helpers for the Textual pilot and snapshot tests: a fixed clock, seeded progress, waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from aieng_cli.progress import Progress, Review, default_store
from aieng_cli.settings import Settings
from aieng_cli.tui.app import StudyApp
from aieng_cli.tutor import scheduler

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=timezone.utc)


def seed_progress() -> None:
    """Builder track: python done with a week of reviews, rag due, apis learning."""
    progress = Progress(track="builder", hours_per_week=5)
    progress.set_status("python", "done")
    progress.set_status("apis", "learning")
    for days_ago, score in [(6, 2), (4, 3), (2, 4), (1, 3), (1, 4), (0, 3)]:
        progress.reviews.append(
            Review(
                topic="python",
                question=f"q{days_ago}",
                score=score,
                rating=3,
                at=NOW - timedelta(days=days_ago, hours=1),
            )
        )
    progress.cards["python"] = scheduler.record_answer(None, 4, NOW, NOW.date())
    long_ago = NOW - timedelta(days=20)
    progress.cards["rag"] = scheduler.record_answer(None, 1, long_ago, long_ago.date())
    default_store().save(progress)


def make_app(offline: bool = True, host: str = "http://127.0.0.1:9", topic: str | None = None) -> StudyApp:
    return StudyApp(settings=Settings(host=host, timeout=2), offline=offline, topic=topic, now=lambda: NOW)


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait on a condition, not a sleep (workers finish when they finish)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)
    await pilot.pause()


def screen_name(app) -> str:
    return type(app.screen).__name__


def options(app, selector: str) -> list[str]:
    """The rows of an OptionList on the current screen ([] while that screen is not up yet)."""
    from textual.css.query import NoMatches

    try:
        listing = app.screen.query_one(selector)
    except NoMatches:
        return []
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def text(app, selector: str) -> str:
    """The plain text of a widget on the current screen ('' while that screen is not up yet)."""
    from textual.css.query import NoMatches

    try:
        return str(app.screen.query_one(selector).render())
    except NoMatches:
        return ""


async def idle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)
