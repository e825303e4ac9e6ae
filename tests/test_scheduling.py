"""Scheduling that a learner can trust: one review per topic per local day, no repeats in a
session, choice answers never Easy, new material only when asked."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from aieng_cli.errors import AiengError
from aieng_cli.progress import Progress, default_store
from aieng_cli.roadmap import load_roadmap
from aieng_cli.tutor import scheduler
from aieng_cli.tutor.llm import QuestionDraft
from aieng_cli.tutor.session import Asked, QuizSession, start_session

from .conftest import MINI_ROADMAP

T0 = datetime(2027, 1, 4, 9, 0, tzinfo=timezone.utc)
UTC = timezone.utc


@pytest.fixture(scope="module")
def shipped():
    return load_roadmap()


@pytest.fixture
def roadmap():
    return load_roadmap(MINI_ROADMAP)


def _answer_all(session: QuizSession, right: bool = True) -> list:
    """Answer every question: choices right (or wrong), short answers self-rated Good (or Again)."""
    asked_list = []
    while (asked := session.next_question()) is not None:
        asked_list.append(asked)
        if asked.kind == "choice":
            pick = asked.correct if right else (asked.correct + 1) % len(asked.choices)
            session.grade(asked, chr(65 + pick))
        else:
            session.self_rate(asked, "my answer", 3 if right else 1)
    return asked_list


def _intervals(record, at: datetime, reviews: int = 5) -> list[float]:
    """Days between reviews when the learner answers Good at every due date."""
    out = []
    for _ in range(reviews):
        due = scheduler.due_at(record)
        out.append((due - at).total_seconds() / 86400)
        at = due
        record = scheduler.record_answer(record, scheduler.GOOD, at, at.date())
    return out


# Ratings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "rating"), [(0, 1), (1, 2), (2, 2), (3, 3), (4, 4)])
def test_short_answer_score_maps_to_fsrs_rating(score, rating):
    assert scheduler.rating_for_score(score, "short") == rating


def test_a_right_choice_is_good_never_easy():
    assert scheduler.rating_for_score(4, "choice") == scheduler.GOOD
    assert scheduler.rating_for_score(0, "choice") == scheduler.AGAIN


@pytest.mark.parametrize(
    ("ratings", "combined"),
    [
        ([4], 4),  # a full-score short answer
        ([3], 3),
        ([3, 3], 3),  # two right choices: Good, not Easy
        ([3, 3, 3], 4),  # all right over three questions
        ([4, 3], 3),
        ([3, 3, 1], 3),  # two thirds right
        ([3, 1], 2),
        ([1, 1, 3], 2),
        ([2], 2),
        ([1], 1),
        ([1, 1, 1, 3], 1),
        ([2, 2, 1], 1),
    ],
)
def test_a_days_answers_combine_into_one_rating(ratings, combined):
    assert scheduler.combined_rating(ratings) == combined


def test_a_guessed_choice_does_not_push_a_big_topic_out_by_a_week():
    record = scheduler.record_answer(None, scheduler.rating_for_score(4, "choice"), T0, T0.date())
    assert scheduler.due_at(record) - T0 <= timedelta(days=3)


# One review per topic per local day ------------------------------------------------------------


def test_ten_answers_in_a_day_weigh_as_one_review():
    ratings = [3, 1, 3, 2, 3, 3, 1, 3, 3, 1]
    record = None
    for minute, rating in enumerate(ratings):
        record = scheduler.record_answer(record, rating, T0 + timedelta(minutes=minute), T0.date())
    last = T0 + timedelta(minutes=len(ratings) - 1)
    one = scheduler.record_answer(None, scheduler.combined_rating(ratings), last, T0.date())
    assert record.card.stability == one.card.stability and record.card.difficulty == one.card.difficulty
    assert record.card.due == one.card.due and record.day_ratings == ratings and record.base is None


def test_after_a_mixed_day_good_answers_grow_intervals_like_a_fresh_cards():
    record = None
    for minute, rating in enumerate([3, 1, 3, 2, 3, 3, 1, 3, 3, 1]):
        record = scheduler.record_answer(record, rating, T0 + timedelta(minutes=minute), T0.date())
    mixed = _intervals(record, T0 + timedelta(minutes=9))
    fresh = _intervals(scheduler.record_answer(None, scheduler.GOOD, T0, T0.date()), T0)
    # A fresh card answered Good waits 2, 11, 46, 163 days: each interval several times the last.
    assert fresh[:4] == pytest.approx([2, 11, 46, 163], abs=0.5)
    # Within two reviews the mixed card grows the same way (one review per answer gave 1, 1, 2, 3, 5).
    assert all(later >= 2.5 * earlier for earlier, later in zip(mixed[:3], mixed[1:4], strict=True))
    assert mixed[2] >= fresh[1]


def test_a_new_day_reviews_the_card_it_ended_the_last_day_with():
    first = scheduler.record_answer(None, scheduler.GOOD, T0, T0.date())
    later = T0 + timedelta(days=2)
    second = scheduler.record_answer(first, scheduler.GOOD, later, later.date())
    assert second.base == first.card and second.day_ratings == [scheduler.GOOD]
    assert scheduler.due_at(second) - later > scheduler.due_at(first) - T0


@pytest.mark.parametrize(
    ("zone", "first", "second", "same_day"),
    [
        # 23:30 and 00:30 local in Auckland (UTC+13 in January): two local days, one UTC day.
        ("Pacific/Auckland", datetime(2027, 1, 4, 10, 30, tzinfo=UTC), datetime(2027, 1, 4, 11, 30, tzinfo=UTC), False),
        # 16:00 and 17:30 local in Los Angeles (UTC-8): one local day across the UTC midnight.
        ("America/Los_Angeles", datetime(2027, 1, 4, 23, 0, tzinfo=UTC), datetime(2027, 1, 5, 1, 30, tzinfo=UTC), True),
    ],
)
def test_days_are_the_learners_local_days(roadmap, zone, first, second, same_day):
    store = default_store()
    clock = iter([first, second])
    session = QuizSession(
        roadmap, store, ["python", "python"], offline_reason="test", now=lambda: next(clock), zone=ZoneInfo(zone)
    )
    _answer_all(session)
    record = store.load().cards["python"]
    assert (len(record.day_ratings) == 2) is same_day
    assert record.day == second.astimezone(ZoneInfo(zone)).date()
    assert len(store.load().reviews) == 2  # every answer stays in the history either way


# Sessions: no repeats, honest about running out -------------------------------------------------


def test_a_topic_session_never_repeats_a_question_and_says_when_the_bank_runs_out(shipped):
    store = default_store()
    topic = shipped.topic("tokenization")
    session = QuizSession(shipped, store, [topic.id] * 10, offline_reason="test", now=lambda: T0)
    asked = _answer_all(session)
    assert len(asked) == len(topic.questions) == 8
    assert len({a.question_id for a in asked}) == 8
    assert session.exhausted == [topic.title]
    progress = store.load()
    assert len(progress.reviews) == 8  # every answer is in the history
    assert len(progress.cards[topic.id].day_ratings) == 8  # ...and the card saw one review


def test_generated_questions_avoid_this_sessions_prompts(roadmap):
    class EchoTutor:
        model = "scripted"

        def __init__(self):
            self.avoided: list[list[str]] = []

        def generate_question(self, topic, avoid, cancel=None):
            self.avoided.append(list(avoid))
            return QuestionDraft(
                prompt="why  PIN dependencies in a project?"
                if self.avoided[1:]
                else "Why pin dependencies in a project?",
                answer="So that installs are reproducible on every machine, today and a year from now.",
                key_points=["installs are reproducible everywhere", "no surprise upgrades break the code"],
            )

    tutor = EchoTutor()
    session = QuizSession(roadmap, default_store(), ["python", "python"], tutor=tutor)  # type: ignore[arg-type]
    first = session.next_question()
    second = session.next_question()
    assert first.source == "scripted" and first.prompt in tutor.avoided[1]
    assert second.source == "bank" and second.prompt != first.prompt  # the repeat was refused


def test_answers_with_undecodable_bytes_are_saved(roadmap):
    store = default_store()
    session = QuizSession(roadmap, store, [], offline_reason="test")
    topic = roadmap.topic("python")
    short = next(q for q in topic.questions if q.kind == "short")
    asked = Asked.from_bank(topic, short)
    assert session.grade(asked, "caf\udce9 \ud800answer") is None  # offline: self-rated next
    session.self_rate(asked, "caf\udce9 \ud800answer", 3)  # what a terminal in the wrong encoding hands over
    assert store.load().reviews[0].answer == "caf\ufffd \ufffdanswer"


# What the default quiz asks --------------------------------------------------------------------


def test_default_queue_is_due_then_studied_never_new_unless_asked(roadmap):
    now = datetime(2027, 2, 1, tzinfo=UTC)
    progress = Progress(track="builder")
    long_ago = now - timedelta(days=30)
    progress.cards["rag"] = scheduler.record_answer(None, 1, long_ago, long_ago.date())  # long due
    progress.cards["python"] = scheduler.record_answer(None, 4, now, now.date())  # reviewed, not due
    progress.set_status("apis", "learning")  # being learned, never quizzed
    assert scheduler.quiz_queue(roadmap, progress, now, 5) == ["rag", "python", "apis"]
    progress.set_status("apis", "skipped")
    assert scheduler.quiz_queue(roadmap, progress, now, 5) == ["rag", "python"]
    progress.set_status("apis", "todo")
    assert scheduler.quiz_queue(roadmap, progress, now, 5, include_new=True) == ["rag", "python", "apis"]


def test_nothing_studied_is_a_clear_message_not_new_material(roadmap):
    store = default_store()
    store.save(Progress(track="builder"))
    with pytest.raises(AiengError, match="--new"):
        start_session(roadmap, store, None, 5, True, None)
    session = start_session(roadmap, store, None, 5, True, None, include_new=True)
    asked = session.next_question()
    assert asked.new_material and asked.topic.id == "python"


@pytest.mark.parametrize("count", [0, -1, 201, 10**30])
def test_count_out_of_range_is_one_line(roadmap, count):
    with pytest.raises(AiengError, match="between 1 and 200"):
        start_session(roadmap, default_store(), "python", count, True, None)


def test_quiz_cli_new_material_and_huge_count(cli, mini):
    cli("plan", "--track", "builder", "--hours", "5", "--start", "2027-01-04")
    nothing = cli("quiz", "--offline")
    assert nothing.exit_code == 1 and "--new" in nothing.stderr
    huge = cli("quiz", "python", "--count", str(10**30), "--offline")
    assert huge.exit_code != 0 and "Traceback" not in huge.output
    result = cli("quiz", "--new", "--offline", "--count", "1", input="a\n\n3\n")
    assert result.exit_code == 0, result.output
    assert "new material" in result.stdout and "1 answer(s) graded" in result.stdout
