"""Scheduling that a learner can trust: one review per topic per local day, no repeats in a
session, choice answers never Easy, new material only when asked."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Attack pass: clocks, zones, days ---------------------------------------------------------------


def _at(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.mark.parametrize(
    ("first", "second", "same_day"),
    [
        # Berlin springs forward at 02:00 on 28 March 2027: 00:30 CET and 03:30 CEST, one day.
        (_at("Europe/Berlin", 2027, 3, 28, 0, 30), _at("Europe/Berlin", 2027, 3, 28, 3, 30), True),
        # ...and falls back on 31 October: 02:30 CEST, then 02:30 CET an hour later, one day.
        (datetime(2027, 10, 31, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, tzinfo=UTC), True),
        # Either side of local midnight, two seconds apart: two days.
        (_at("Europe/Berlin", 2027, 3, 27, 23, 59, 59), _at("Europe/Berlin", 2027, 3, 28, 0, 0, 1), False),
        (_at("Europe/Berlin", 2027, 10, 30, 23, 59, 59), _at("Europe/Berlin", 2027, 10, 31, 0, 0, 1), False),
    ],
    ids=["spring-forward", "fall-back", "midnight-before-spring", "midnight-before-fall"],
)
def test_summer_time_changes_and_midnight_split_days_where_the_learner_lives(roadmap, first, second, same_day):
    store = default_store()
    clock = iter([first, second])
    session = QuizSession(
        roadmap,
        store,
        ["python", "python"],
        offline_reason="test",
        now=lambda: next(clock),
        zone=ZoneInfo("Europe/Berlin"),
    )
    _answer_all(session)
    record = store.load().cards["python"]
    assert len(record.day_ratings) == (2 if same_day else 1)
    assert record.day == second.astimezone(ZoneInfo("Europe/Berlin")).date()
    if not same_day:
        assert record.base is not None and record.base.last_review == first


def test_a_clock_that_goes_back_within_the_day_never_moves_the_last_review_back():
    first = scheduler.record_answer(None, scheduler.GOOD, T0, T0.date())
    earlier = T0 - timedelta(hours=2)
    second = scheduler.record_answer(first, scheduler.GOOD, earlier, earlier.date())
    assert second.day == T0.date() and second.day_ratings == [3, 3]
    assert second.card.last_review >= first.card.last_review


def test_a_clock_that_goes_back_over_midnight_folds_into_the_day_already_recorded():
    """A learner flying west (or a clock corrected by NTP) answers 'yesterday' after today:
    that is not a second FSRS review of the topic on a new day."""
    tokyo = ZoneInfo("Asia/Tokyo")
    first_at = datetime(2027, 1, 5, 8, tzinfo=tokyo).astimezone(UTC)
    first = scheduler.record_answer(None, scheduler.GOOD, first_at, first_at.astimezone(tokyo).date())
    new_york = ZoneInfo("America/New_York")
    second_at = first_at + timedelta(hours=2)  # 20:00 on 4 January in New York
    second = scheduler.record_answer(first, scheduler.GOOD, second_at, second_at.astimezone(new_york).date())
    assert second.day == first.day and second.day_ratings == [3, 3] and second.base is None
    # A clock set wrong by weeks is not folded into: the next real day reviews as usual.
    weeks_back = first_at - timedelta(days=30)
    third = scheduler.record_answer(first, scheduler.GOOD, weeks_back, weeks_back.date())
    assert third.day == weeks_back.date() and third.day_ratings == [3]


def test_a_card_without_base_reviews_its_card_on_a_later_day():
    first = scheduler.record_answer(None, scheduler.GOOD, T0, T0.date())
    assert first.base is None
    later = T0 + timedelta(days=3)
    second = scheduler.record_answer(first, scheduler.HARD, later, later.date())
    assert second.base == first.card and second.day_ratings == [scheduler.HARD]
    assert second.card.card_id == first.card.card_id


def test_a_days_ratings_stay_bounded_however_long_the_day():
    record = None
    for minute in range(1500):
        record = scheduler.record_answer(record, 3 if minute % 3 else 1, T0 + timedelta(seconds=minute), T0.date())
    assert len(record.day_ratings) <= scheduler.MAX_DAY_RATINGS
    assert record.base is None and record.card.last_review == T0 + timedelta(seconds=1499)


def test_same_day_answers_on_a_migrated_card_replay_the_migrated_card(tmp_path):
    import shutil

    from aieng_cli.progress import ProgressStore

    from .conftest import FIXTURES

    shutil.copy(FIXTURES / "progress-v1.json", tmp_path / "progress.json")
    migrated = ProgressStore(tmp_path / "progress.json").load().cards["rag"]
    assert migrated.day is None and migrated.base is None
    day = T0.date()
    record = scheduler.record_answer(migrated, scheduler.GOOD, T0, day)
    record = scheduler.record_answer(record, scheduler.AGAIN, T0 + timedelta(minutes=5), day)
    once = scheduler.record_answer(migrated, scheduler.combined_rating([3, 1]), T0 + timedelta(minutes=5), day)
    assert record.base == migrated.card and record.card == once.card


_ZONES = ["Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.integers(-36 * 60, 5 * 24 * 60), st.integers(1, 4), st.sampled_from(_ZONES)),
        min_size=1,
        max_size=25,
    )
)
def test_fuzz_any_clock_and_zone_gives_at_most_one_review_per_day_and_never_crashes(steps):
    """Answers at any times (clocks jump back, zones change as the learner travels): within
    FOLD_BACK the recorded day and the last review never go back; a new day always reviews
    the card the last day ended with; a day's answers replay that day's base."""
    record, at = None, datetime(2027, 3, 27, 12, tzinfo=UTC)
    for minutes, rating, zone in steps:
        at = at + timedelta(minutes=minutes)
        before = record
        record = scheduler.record_answer(record, rating, at, at.astimezone(ZoneInfo(zone)).date())
        assert record.card.due >= record.card.last_review
        assert len(record.day_ratings) <= scheduler.MAX_DAY_RATINGS
        if before is not None:
            wrong_clock = before.card.last_review - at > scheduler.FOLD_BACK  # a new day, as usual
            assert wrong_clock or record.day >= before.day
            assert wrong_clock or record.card.last_review >= before.card.last_review
            if record.day != before.day:
                assert record.base == before.card and record.day_ratings == [rating]
            else:
                assert record.base == before.base and record.day_ratings[-1] == rating


# Attack pass: sessions ------------------------------------------------------------------------


class _ScriptedTutor:
    """Writes the given prompts in turn; then is unavailable (or honours a set cancel event)."""

    model = "scripted"

    def __init__(self, prompts: list[str]):
        self.prompts = list(prompts)

    def generate_question(self, topic, avoid, cancel=None):
        from aieng_cli.errors import Cancelled, TutorUnavailable

        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        if not self.prompts:
            raise TutorUnavailable("the model went away")
        return QuestionDraft(
            prompt=self.prompts.pop(0),
            answer="A reference answer long enough to be a real answer to the question.",
            key_points=["the first key point", "the second key point"],
        )


def test_a_generated_question_identical_to_a_bank_one_is_not_asked_again_from_the_bank(roadmap):
    topic = roadmap.topic("python")
    tutor = _ScriptedTutor([topic.questions[0].prompt.upper()])  # the model echoes a bank question
    session = QuizSession(roadmap, default_store(), ["python"] * 3, tutor=tutor)  # type: ignore[arg-type]
    first, second, third = (session.next_question() for _ in range(3))
    assert first.source == "scripted" and session.offline  # then the model went away
    assert second.question_id == topic.questions[1].id  # not the one the model already asked
    assert third is None and session.exhausted == [topic.title]


def test_a_topic_without_bank_questions_offline_ends_at_once_and_says_so(roadmap):
    empty = roadmap.topic("apis")
    assert empty.questions == []
    session = start_session(roadmap, default_store(), "apis", 1, True, None)
    assert session.next_question() is None and session.exhausted == [empty.title]
    assert session.next_question() is None and session.graded == 0
    assert session.ran_out_notes() == [
        f"{empty.title} has no questions in its bank: with your local model running, the tutor writes them."
    ]


def test_count_one_on_a_topic_whose_bank_is_spent_this_session(roadmap):
    store = default_store()
    topic = roadmap.topic("python")
    session = QuizSession(roadmap, store, ["python"] * (len(topic.questions) + 1), offline_reason="test")
    assert len(_answer_all(session)) == len(topic.questions) and session.exhausted == [topic.title]
    assert session.ran_out_notes() == [f"No unasked questions left on {topic.title} in this session: the bank ran out."]
    again = start_session(roadmap, store, "python", 1, True, None)  # a new session may ask again
    assert again.next_question() is not None


def test_cancel_set_before_asking_keeps_the_topic_in_the_queue(roadmap):
    import threading

    from aieng_cli.errors import Cancelled

    tutor = _ScriptedTutor(["What does a lock file record, and why commit it?"])
    session = QuizSession(roadmap, default_store(), ["python"], tutor=tutor)  # type: ignore[arg-type]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        session.next_question(cancel)
    assert session.queue == ["python"] and not session.asked_prompts
    asked = session.next_question()  # the learner asks again: the question is still theirs
    assert asked is not None and asked.topic.id == "python" and asked.source == "scripted"
    assert session.next_question() is None


def test_cancel_set_before_grading_keeps_the_answer_for_self_rating(roadmap):
    import threading

    class SlowGrader(_ScriptedTutor):
        def grade(self, *args, cancel=None):
            from aieng_cli.errors import Cancelled

            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            raise AssertionError("graded although cancelled")

    store = default_store()
    tutor = SlowGrader(["Why pin the versions of your dependencies?"])
    session = QuizSession(roadmap, store, ["python"], tutor=tutor)  # type: ignore[arg-type]
    asked = session.next_question()
    cancel = threading.Event()
    cancel.set()
    assert session.grade(asked, "So installs are the same everywhere.", cancel) is None
    assert not session.offline and store.load().reviews == []  # nothing recorded yet
    session.self_rate(asked, "So installs are the same everywhere.", 3)
    assert [r.answer for r in store.load().reviews] == ["So installs are the same everywhere."]


@pytest.mark.parametrize("rating", [0, 5, -1, 10**9])
def test_a_self_rating_outside_1_to_4_is_one_line_and_records_nothing(roadmap, rating):
    store = default_store()
    session = QuizSession(roadmap, store, ["python"], offline_reason="test")
    asked = session.next_question()
    with pytest.raises(AiengError, match="1-4"):
        session.self_rate(asked, "an answer", rating)
    assert store.load().reviews == [] and session.graded == 0


def test_a_recorded_day_far_in_the_future_does_not_swallow_every_later_answer():
    """A damaged or hand-edited card whose day is 9999-12-31 but whose last review is real:
    answers on later days are new days, not replays of that one forever."""
    first = scheduler.record_answer(None, scheduler.GOOD, T0, T0.date())
    hostile = scheduler.TopicCard(card=first.card, day=datetime(9999, 12, 31).date(), day_ratings=[3])
    later = T0 + timedelta(days=3)
    record = scheduler.record_answer(hostile, scheduler.GOOD, later, later.date())
    assert record.day == later.date() and record.base == first.card and record.day_ratings == [3]
