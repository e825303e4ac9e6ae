"""FSRS over topics: one card per topic, at most one review per topic per local day.

Why one card per topic, with a day's answers combined: FSRS models the memory of one item
reviewed at spaced intervals. Ten answers on one topic in one sitting are not ten spaced
reviews; fed to FSRS one by one they crush the card's stability (a mixed session left a topic
at difficulty 9.8 and daily reviews for weeks). So each card remembers `base`, the card as it
was before the day's first answer, and the day's ratings; every answer that day replays the day
as ONE review of `base` with the combined rating. The review log still keeps every answer.

Per-answer ratings: a short answer's score 0-4 maps to Again/Hard/Hard/Good/Easy; a choice
answer is Good when right (a guess can be right), Again when wrong. The day's combined rating is
Easy only for an all-correct day with either three or more answers or only full-score short
answers; otherwise it follows the share of right answers and their mean (see combined_rating).

Reading due dates needs no fsrs import, so `status` and the dashboard stay fast; only recording
a review loads the `fsrs` package.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from ..plan import study_order
from ..progress import FsrsCard, Progress, TopicCard
from ..roadmap import Roadmap

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def rating_for_score(score: int, kind: str = "short") -> int:
    """One answer's rating. Short: 0 Again, 1-2 Hard, 3 Good, 4 Easy. Choice: right = Good, else Again."""
    if not 0 <= score <= 4:
        raise ValueError(f"score {score} is not in 0-4")
    if kind == "choice":
        return GOOD if score == 4 else AGAIN
    return {0: AGAIN, 1: HARD, 2: HARD, 3: GOOD, 4: EASY}[score]


def score_for_rating(rating: int) -> int:
    """The score recorded when the learner rates themselves (offline short answers)."""
    return {1: 0, 2: 2, 3: 3, 4: 4}[rating]


def combined_rating(ratings: Sequence[int]) -> int:
    """One rating for a day's answers on a topic.

    All right (Good or Easy): Easy if there were 3+ answers or every one was Easy, else Good.
    Otherwise Good if at least two thirds were right, Hard if the mean rating is at least 2 of 4
    (or 1 answer in 3 was right), Again below that.
    """
    if not ratings:
        raise ValueError("no ratings to combine")
    right = sum(1 for r in ratings if r >= GOOD)
    if right == len(ratings):
        return EASY if len(ratings) >= 3 or all(r == EASY for r in ratings) else GOOD
    if 3 * right >= 2 * len(ratings):
        return GOOD
    if sum(ratings) >= 2 * len(ratings) or 3 * right >= len(ratings):
        return HARD
    return AGAIN


MAX_DAY_RATINGS = 100  # a day's answers on one topic kept for its rating (the latest ones)
FOLD_BACK = timedelta(days=2)  # how far a clock may go back and still be the same review day
ZONE_SPAN = timedelta(days=2)  # local dates of one instant differ by up to 26 hours across zones


def record_answer(record: TopicCard | None, rating: int, now: datetime, day: date) -> TopicCard:
    """Fold one answer into a topic's card: the day's first answer reviews the card; later ones
    that day replay the day as one review of the card as it was before it.

    A clock that goes back a little (a learner flying west, a zone change, an NTP correction)
    neither re-opens an earlier day nor reviews before the last review: the answer joins the
    day already recorded. One that goes back further is a clock that was wrong before; the
    answer then starts a new day as usual."""
    last = record.card.last_review if record is not None else None
    if record is not None and not (last is not None and now < last - FOLD_BACK):
        if last is not None and now < last:
            now = last
        if record.day is not None and record.day - FOLD_BACK - ZONE_SPAN <= day < record.day:
            day = record.day  # (a recorded day far ahead of its own last review is not joined)
    if record is not None and record.day == day:
        base, ratings = record.base, [*record.day_ratings, rating][-MAX_DAY_RATINGS:]
    else:
        base, ratings = (record.card if record else None), [rating]
    card_id = record.card.card_id if record else None  # a replayed first day keeps its card's id
    card = _review(base, combined_rating(ratings), now, card_id)
    return TopicCard(card=card, day=day, base=base, day_ratings=ratings)


def _review(card: FsrsCard | None, rating: int, now: datetime, new_card_id: int | None = None) -> FsrsCard:
    import fsrs

    # Topic-level reviews: no minute-long learning steps, the next review is days away.
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    current = (
        fsrs.Card(
            card_id=card.card_id,
            state=fsrs.State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )
        if card
        else fsrs.Card(card_id=new_card_id)
    )
    updated, _log = scheduler.review_card(current, fsrs.Rating(rating), now.astimezone(timezone.utc))
    return FsrsCard(
        card_id=updated.card_id,
        state=int(updated.state),
        step=updated.step,
        stability=updated.stability,
        difficulty=updated.difficulty,
        due=updated.due,
        last_review=updated.last_review,
    )


def due_at(record: TopicCard) -> datetime:
    return record.card.due


def _track_topics(roadmap: Roadmap, progress: Progress) -> list[str]:
    ids = study_order(roadmap, progress.track) if progress.track else [t.id for t in roadmap.topics]
    return [t for t in ids if progress.status(t) != "skipped"]


def due_topics(roadmap: Roadmap, progress: Progress, now: datetime) -> list[str]:
    """Topics of the chosen track (all topics if none) whose card is due by `now`, most overdue first."""
    due = [t for t in _track_topics(roadmap, progress) if t in progress.cards and due_at(progress.cards[t]) <= now]
    return sorted(due, key=lambda t: due_at(progress.cards[t]))


def studied_topics(roadmap: Roadmap, progress: Progress, now: datetime) -> list[str]:
    """Topics being learned or done (or reviewed before) that are not due yet, soonest due first."""
    studied = [
        t
        for t in _track_topics(roadmap, progress)
        if (t in progress.cards and due_at(progress.cards[t]) > now)
        or (t not in progress.cards and progress.status(t) in ("learning", "done"))
    ]
    far = datetime.max.replace(tzinfo=timezone.utc)
    return sorted(studied, key=lambda t: due_at(progress.cards[t]) if t in progress.cards else far)


def new_topics(roadmap: Roadmap, progress: Progress) -> list[str]:
    """Topics never studied (status todo, no card), in plan order."""
    return [t for t in _track_topics(roadmap, progress) if t not in progress.cards and progress.status(t) == "todo"]


def quiz_queue(roadmap: Roadmap, progress: Progress, now: datetime, count: int, include_new: bool = False) -> list[str]:
    """Due topics, then studied ones; never-studied topics only when asked for. At most `count`."""
    queue = due_topics(roadmap, progress, now) + studied_topics(roadmap, progress, now)
    if include_new:
        queue += new_topics(roadmap, progress)
    return queue[:count]
