"""FSRS over topics: one card per topic, a score 0-4 becomes a rating, the due queue.

Reading due dates needs no fsrs import (cards are stored as plain dicts), so `status`
and the dashboard stay fast; only recording a review loads the `fsrs` package.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ..plan import study_order
from ..progress import Progress
from ..roadmap import Roadmap

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def rating_for_score(score: int) -> int:
    """0 -> Again, 1-2 -> Hard, 3 -> Good, 4 -> Easy (fsrs Rating values 1-4)."""
    if not 0 <= score <= 4:
        raise ValueError(f"score {score} is not in 0-4")
    return {0: 1, 1: 2, 2: 2, 3: 3, 4: 4}[score]


def score_for_rating(rating: int) -> int:
    """The score recorded when the learner rates themselves (offline short answers)."""
    return {1: 0, 2: 2, 3: 3, 4: 4}[rating]


def review(card: dict[str, Any] | None, rating: int, now: datetime) -> dict[str, Any]:
    """Apply one review to a topic's card (None = a new card); return the new card as a dict."""
    import fsrs

    # Topic-level reviews: no minute-long learning steps, the next review is days away.
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    current = fsrs.Card.from_dict(card) if card else fsrs.Card()
    updated, _log = scheduler.review_card(current, fsrs.Rating(rating), now.astimezone(timezone.utc))
    return updated.to_dict()


def due_at(card: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(card["due"])


def due_topics(roadmap: Roadmap, progress: Progress, now: datetime) -> list[str]:
    """Topics of the chosen track (all topics if none) whose card is due, most overdue first."""
    ids = study_order(roadmap, progress.track) if progress.track else [t.id for t in roadmap.topics]
    due = [
        t for t in ids if t in progress.cards and progress.status(t) != "skipped" and due_at(progress.cards[t]) <= now
    ]
    return sorted(due, key=lambda t: due_at(progress.cards[t]))


def new_topics(roadmap: Roadmap, progress: Progress) -> list[str]:
    """Topics never reviewed, in plan order (learning ones first), skipping skipped ones."""
    ids = study_order(roadmap, progress.track) if progress.track else [t.id for t in roadmap.topics]
    fresh = [t for t in ids if t not in progress.cards and progress.status(t) != "skipped"]
    return sorted(fresh, key=lambda t: progress.status(t) != "learning")  # stable: plan order kept


def quiz_queue(roadmap: Roadmap, progress: Progress, now: datetime, count: int) -> list[str]:
    """Due topics first, then new ones in plan order; at most `count`."""
    queue = due_topics(roadmap, progress, now) + new_topics(roadmap, progress)
    return queue[:count]
