"""One quiz session: next topic -> question (LLM or bank) -> grade -> record at once.

The only quiz loop: `aieng quiz` and the TUI both drive it. Every graded answer is saved
before the next question is asked, so an interrupted session loses nothing already graded.
No question is asked twice in a session: bank questions already asked are skipped (a topic
whose bank runs out ends early, and `exhausted` says so), generated ones are told to avoid
this session's prompts. How answers become reviews is tutor/scheduler.py's business.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from ..errors import AiengError, Cancelled, TutorUnavailable
from ..progress import ProgressStore, Review, clean_text, utcnow
from ..roadmap import ChoiceQuestion, Question, Roadmap, Topic
from ..today import local_day, local_zone
from . import bank, scheduler

if TYPE_CHECKING:  # the LLM module (pydantic models) loads only when a model is used
    from .llm import Tutor

MAX_ANSWER_CHARS = 4000
OFFLINE_HINT = "offline mode: bank questions, self-rated short answers"


@dataclass(frozen=True)
class Asked:
    """A question put to the learner, with what grading it needs."""

    topic: Topic
    kind: str  # "short" | "choice"
    prompt: str
    reference: str
    key_points: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    correct: int | None = None
    question_id: str | None = None  # bank id; None for a generated question
    source: str = "bank"  # "bank" or the model's name
    new_material: bool = False  # the learner never studied this topic: the UI says so

    @classmethod
    def from_bank(cls, topic: Topic, question: Question, new_material: bool = False) -> Asked:
        if isinstance(question, ChoiceQuestion):
            return cls(
                topic,
                "choice",
                question.prompt,
                question.explanation,
                choices=question.choices,
                correct=question.answer,
                question_id=question.id,
                new_material=new_material,
            )
        return cls(
            topic,
            "short",
            question.prompt,
            question.answer,
            question.key_points,
            question_id=question.id,
            new_material=new_material,
        )


@dataclass(frozen=True)
class Result:
    score: int
    rating: int
    verdict: str
    feedback: str
    missed_points: list[str]
    reference: str
    key_points: list[str]
    due: datetime
    notice: str | None = None  # e.g. the answer was truncated


class QuizSession:
    def __init__(
        self,
        roadmap: Roadmap,
        store: ProgressStore,
        topic_ids: list[str],
        tutor: Tutor | None = None,
        offline_reason: str | None = None,
        now: Callable[[], datetime] = utcnow,
        zone: tzinfo | None = None,
    ) -> None:
        self.roadmap, self.store, self.tutor, self.now = roadmap, store, tutor, now
        self.zone = zone
        self.queue = list(topic_ids)
        self.offline_reason = offline_reason if tutor is None else None
        self.graded = 0
        self.asked_ids: set[str] = set()  # bank questions asked this session
        self.asked_prompts: list[str] = []  # every prompt asked this session, generated ones too
        self.exhausted: list[str] = []  # titles of topics whose unasked bank questions ran out
        self.empty_banks: set[str] = set()  # ... of those, the ones whose bank has no questions at all
        self._history: list[Review] | None = None  # the review log, read once per session

    @property
    def offline(self) -> bool:
        return self.tutor is None

    def go_offline(self, reason: str) -> None:
        """Switch to the bank for the rest of the session; the UI shows the reason once."""
        self.tutor = None
        self.offline_reason = reason

    def ran_out_notes(self) -> list[str]:
        """One sentence per topic the session could not ask (more) questions on, saying why."""
        return [
            f"{title} has no questions in its bank: with your local model running, the tutor writes them."
            if title in self.empty_banks
            else f"No unasked questions left on {title} in this session: the bank ran out."
            for title in self.exhausted
        ]

    # Asking -------------------------------------------------------------------

    def next_question(self, cancel: threading.Event | None = None) -> Asked | None:
        """The next question; `cancel` stops waiting for a model that is writing one (raises Cancelled)."""
        while self.queue:
            topic = self.roadmap.topic(self.queue[0])
            asked = self._ask(topic, cancel)  # a cancelled wait leaves the topic queued: ask again
            self.queue.pop(0)
            if asked is not None:
                self.asked_prompts.append(asked.prompt)
                if asked.question_id:
                    self.asked_ids.add(asked.question_id)
                return asked
            if topic.title not in self.exhausted:
                self.exhausted.append(topic.title)
                if not topic.questions:
                    self.empty_banks.add(topic.title)
            self.queue = [t for t in self.queue if t != topic.id]  # its bank is spent for this session
        return None

    def _ask(self, topic: Topic, cancel: threading.Event | None = None) -> Asked | None:
        progress = self.store.load()
        if self._history is None:
            self._history = list(progress.reviews)
        new = topic.id not in progress.cards and progress.status(topic.id) == "todo"
        asked_prompts = {_normal(p) for p in self.asked_prompts}
        if self.tutor is not None:
            recent = [r.question for r in self._history if r.topic == topic.id][-8:]
            try:
                draft = self.tutor.generate_question(topic, [*recent, *self.asked_prompts][-16:], cancel=cancel)
                if _normal(draft.prompt) not in asked_prompts:
                    return Asked(
                        topic,
                        "short",
                        draft.prompt,
                        draft.answer,
                        draft.key_points,
                        source=self.tutor.model,
                        new_material=new,
                    )
            except TutorUnavailable as exc:
                self.go_offline(str(exc))
        # A model may echo a bank question word for word: once asked, it counts as that question.
        echoed = {q.id for q in topic.questions if _normal(q.prompt) in asked_prompts}
        question = bank.pick(topic, self._history, exclude=self.asked_ids | echoed)
        if question is None:
            return None
        return Asked.from_bank(topic, question, new_material=new)

    # Grading ------------------------------------------------------------------

    def grade(self, asked: Asked, answer: str, cancel: threading.Event | None = None) -> Result | None:
        """Grade and record; None when the learner must rate themselves: offline, or the learner
        stopped waiting for the model (`cancel` set) — the session stays online either way."""
        answer = clean_text(answer).strip()
        notice = None
        if len(answer) > MAX_ANSWER_CHARS:
            answer = answer[:MAX_ANSWER_CHARS]
            notice = f"answer cut to its first {MAX_ANSWER_CHARS:,} characters for grading"
        if not answer:
            return self._record(
                asked,
                "",
                0,
                "No answer given",
                "Study the model answer below.",
                asked.key_points,
                "none",
                "no answer: scored 0 (Again)",
            )
        if asked.kind == "choice":
            picked = bank.parse_choice(answer, len(asked.choices))
            if picked is None:
                raise AiengError(f"answer with a letter A-{chr(64 + len(asked.choices))} or a number")
            score = 4 if picked == asked.correct else 0
            right = f"{chr(65 + asked.correct)}. {asked.choices[asked.correct]}"  # type: ignore[index]
            verdict = "Correct" if score else f"Not quite: the answer is {right}"
            return self._record(asked, answer, score, verdict, asked.reference, [], "bank", notice)
        if self.tutor is None:
            return None
        try:
            grade = self.tutor.grade(
                asked.topic, asked.prompt, asked.reference, asked.key_points, answer, cancel=cancel
            )
        except Cancelled:
            return None
        except TutorUnavailable as exc:
            self.go_offline(str(exc))
            return None
        return self._record(
            asked, answer, grade.score, grade.verdict, grade.feedback, grade.missed_points, self.tutor.model, notice
        )

    def self_rate(self, asked: Asked, answer: str, rating: int) -> Result:
        """Record an offline short answer the learner rated 1-4 after seeing the reference."""
        if rating not in scheduler.RATING_NAMES:
            raise AiengError(f"rate your answer 1-4 (Again, Hard, Good, Easy), not {rating}")
        score = scheduler.score_for_rating(rating)
        verdict = f"Self-rated {scheduler.RATING_NAMES[rating]}"
        return self._record(asked, clean_text(answer).strip()[:MAX_ANSWER_CHARS], score, verdict, "", [], "self", None)

    def _record(
        self,
        asked: Asked,
        answer: str,
        score: int,
        verdict: str,
        feedback: str,
        missed: list[str],
        model: str,
        notice: str | None,
    ) -> Result:
        rating = scheduler.rating_for_score(score, asked.kind)
        now = self.now()
        day = local_day(now, self.zone or local_zone())
        with self.store.update() as progress:
            record = scheduler.record_answer(progress.cards.get(asked.topic.id), rating, now, day)
            progress.cards[asked.topic.id] = record
            review = Review(
                topic=asked.topic.id,
                question=clean_text(asked.prompt),
                score=score,
                rating=rating,
                answer=answer,
                model=clean_text(model),
                at=now,
                question_id=asked.question_id,
                feedback=clean_text(feedback),
            )
            progress.add_review(review)
            if progress.status(asked.topic.id) == "todo":
                progress.set_status(asked.topic.id, "learning")
        self.graded += 1
        if self._history is not None:
            self._history.append(review)
        due = scheduler.due_at(record)
        return Result(score, rating, verdict, feedback, missed, asked.reference, asked.key_points, due, notice)


MAX_COUNT = 200


def _normal(prompt: str) -> str:
    """A prompt as compared for repeats: case and spacing do not make a question new."""
    return " ".join(prompt.casefold().split())


def start_session(
    roadmap: Roadmap,
    store: ProgressStore,
    topic_id: str | None,
    count: int,
    offline: bool,
    tutor_factory: Callable[[], Tutor] | None,
    include_new: bool = False,
    zone: tzinfo | None = None,
    now: Callable[[], datetime] = utcnow,
) -> QuizSession:
    """Pick the topics (one topic, or due then studied ones, new ones only when asked) and decide
    online/offline once."""
    if not 1 <= count <= MAX_COUNT:
        raise AiengError(f"--count must be between 1 and {MAX_COUNT}")
    progress = store.load()
    if topic_id is not None:
        topics = [roadmap.topic(topic_id).id] * count
    else:
        topics = scheduler.quiz_queue(roadmap, progress, now(), count, include_new=include_new)
        if not topics:
            raise AiengError("nothing to review yet: try `aieng quiz --new` or `aieng quiz TOPIC`")
    if offline or tutor_factory is None:
        reason = "you asked for offline mode (--offline)"
        return QuizSession(roadmap, store, topics, offline_reason=reason, now=now, zone=zone)
    tutor = tutor_factory()
    health = tutor.health()
    if not health.ok:
        return QuizSession(roadmap, store, topics, offline_reason=health.summary, now=now, zone=zone)
    return QuizSession(roadmap, store, topics, tutor=tutor, now=now, zone=zone)
