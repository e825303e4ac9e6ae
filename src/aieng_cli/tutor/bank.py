"""The offline question bank: choosing a question, grading choices, self-rating short answers."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..progress import Review
from ..roadmap import ChoiceQuestion, Question, Topic


def pick(topic: Topic, history: Sequence[Review], exclude: Collection[str] = ()) -> Question | None:
    """The bank question the learner has seen least recently, never-seen ones first, in bank order;
    None when every question is in `exclude` (asked already this session)."""
    candidates = [q for q in topic.questions if q.id not in exclude]
    if not candidates:
        return None
    last_seen: dict[str, int] = {}
    for index, review in enumerate(history):
        if review.question_id:
            last_seen[review.question_id] = index
    order = {q.id: i for i, q in enumerate(topic.questions)}
    return min(candidates, key=lambda q: (last_seen.get(q.id, -1), order[q.id]))


def parse_choice(text: str, choices: int) -> int | None:
    """'B', 'b', '2' or 'b)' -> 1; None if it names no choice."""
    text = text.strip().rstrip(").").lower()
    if len(text) == 1 and "a" <= text <= chr(ord("a") + choices - 1):
        return ord(text) - ord("a")
    if text.isdigit() and 1 <= int(text) <= choices:
        return int(text) - 1
    return None


def grade_choice(question: ChoiceQuestion, picked: int) -> int:
    """Score 4 for the right choice, 0 otherwise."""
    return 4 if picked == question.answer else 0


SELF_RATINGS = {"1": 1, "again": 1, "2": 2, "hard": 2, "3": 3, "good": 3, "4": 4, "easy": 4}


def parse_self_rating(text: str) -> int | None:
    return SELF_RATINGS.get(text.strip().lower())
