"""A deterministic learner studies a track for N days through aieng's real session and store code.

Each simulated evening (19:00 in the learner's zone) the learner answers every review that is
due by the end of their local day, and every other day starts the next topic of the plan and
answers three questions on it. Answers are drawn from a fixed seed: right with probability
--skill, short answers self-rated as a learner would. The clock is fixed; nothing is timed.

Prints reviews and answers per day, the interval series of the first topics, same-day repeats
(a question asked twice on one local day: must be 0), topics with more than one review on a day
(must be 0) and the largest daily workload.

    python bench/simulate_learner.py [--days 120] [--seed 7] [--track ai-developer] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aieng_cli.plan import study_order
from aieng_cli.progress import Progress, ProgressStore
from aieng_cli.roadmap import Roadmap, load_roadmap
from aieng_cli.today import end_of_day
from aieng_cli.tutor import scheduler
from aieng_cli.tutor.session import QuizSession, start_session

ZONE = ZoneInfo("Europe/Berlin")
FIRST_DAY = datetime(2027, 1, 4).date()


@dataclass
class Report:
    days: int
    answers_per_day: list[int] = field(default_factory=list)
    reviews_per_day: list[int] = field(default_factory=list)  # distinct topics answered that day
    intervals: dict[str, list[int]] = field(default_factory=dict)  # days between review days
    same_day_repeats: int = 0
    multi_review_days: int = 0  # (topic, day) pairs whose card took more than one review
    largest_day: int = 0


def _answer(session: QuizSession, rng: random.Random, skill: float) -> list[tuple[str, str]]:
    """Answer everything the session asks; return (topic, question) pairs in order."""
    asked_pairs = []
    while (asked := session.next_question()) is not None:
        asked_pairs.append((asked.topic.id, asked.question_id or asked.prompt))
        knows = rng.random() < skill
        if asked.kind == "choice":
            wrong = (asked.correct + 1) % len(asked.choices)  # type: ignore[operator]
            session.grade(asked, chr(65 + (asked.correct if knows else wrong)))  # type: ignore[operator]
        else:
            rating = rng.choice([3, 3, 3, 4]) if knows else rng.choice([1, 2])
            session.self_rate(asked, "an answer in my own words", rating)
    return asked_pairs


def simulate(days: int, seed: int = 7, track: str = "ai-developer", skill: float = 0.85) -> Report:
    roadmap: Roadmap = load_roadmap()
    rng = random.Random(seed)
    report = Report(days)
    review_days: dict[str, list[int]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp) / "progress.json")
        store.save(Progress(track=track, hours_per_week=8, started_on=FIRST_DAY))
        plan = list(study_order(roadmap, track))
        for day_number in range(days):
            day = FIRST_DAY + timedelta(days=day_number)
            clock = [datetime.combine(day, time(19), ZONE)]

            def now(clock=clock) -> datetime:
                clock[0] += timedelta(seconds=40)  # each answer takes a moment
                return clock[0]

            pairs: list[tuple[str, str]] = []
            due = scheduler.due_topics(roadmap, store.load(), end_of_day(day, ZONE))
            if due:
                session = start_session(roadmap, store, None, len(due), True, None, zone=ZONE, now=now)
                session.queue = due  # exactly what is due today, one question each
                pairs += _answer(session, rng, skill)
            if day_number % 2 == 0 and plan:
                topic = plan.pop(0)
                store.mutate(lambda p, topic=topic: p.set_status(topic, "learning"))
                session = start_session(roadmap, store, topic, 3, True, None, zone=ZONE, now=now)
                pairs += _answer(session, rng, skill)
            report.answers_per_day.append(len(pairs))
            topics_today = {topic for topic, _ in pairs}
            report.reviews_per_day.append(len(topics_today))
            report.same_day_repeats += sum(n - 1 for n in Counter(pairs).values())
            progress = store.load()
            answers = Counter(topic for topic, _ in pairs)
            for topic in topics_today:
                review_days[topic].append(day_number)
                record = progress.cards[topic]
                if record.day != day or len(record.day_ratings) != answers[topic]:
                    report.multi_review_days += 1  # today's answers did not fold into one review
        report.largest_day = max(report.answers_per_day, default=0)
        first_topics = study_order(roadmap, track)[:4]
        report.intervals = {
            t: [b - a for a, b in zip(review_days[t], review_days[t][1:], strict=False)] for t in first_topics
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--track", default="ai-developer")
    parser.add_argument("--skill", type=float, default=0.85)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = simulate(args.days, args.seed, args.track, args.skill)
    if args.json:
        json.dump(asdict(report), sys.stdout, indent=1)
        print()
        return
    print(f"{args.days} days, track {args.track}, seed {args.seed}, skill {args.skill}")
    print("reviews per day (topics):", " ".join(map(str, report.reviews_per_day)))
    print("answers per day:         ", " ".join(map(str, report.answers_per_day)))
    for topic, gaps in report.intervals.items():
        print(f"intervals of {topic}: {gaps} days")
    print(f"same-day repeats: {report.same_day_repeats} (must be 0)")
    print(f"topic-days with more than one review: {report.multi_review_days} (must be 0)")
    print(f"largest daily workload: {report.largest_day} answers")


if __name__ == "__main__":
    main()
