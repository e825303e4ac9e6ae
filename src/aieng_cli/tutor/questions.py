"""What the tutor asks a model for when it writes a question, and what makes a draft usable.

A draft that is degenerate (looping text, key points of a few characters or repeating each
other, a model answer shorter than the question) is invalid, like broken JSON: the caller
retries once, then falls back to the bank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator, model_validator

from .grading import check_not_looping

if TYPE_CHECKING:
    from ..roadmap import Topic

QUESTION_TOKENS = 512  # a question, a model answer and five key points fit with room to spare


class QuestionDraft(BaseModel):
    """A question the model wrote, with what a grader needs. Degenerate drafts are invalid."""

    prompt: str = Field(min_length=10, max_length=1500, description="The question, answerable in 2-5 sentences")
    answer: str = Field(min_length=10, max_length=2500, description="A model answer of 2-5 sentences")
    key_points: list[str] = Field(min_length=2, max_length=5, description="2-5 checkable points")

    @field_validator("prompt", "answer")
    @classmethod
    def _not_looping(cls, value: str) -> str:
        return check_not_looping(value)

    @field_validator("key_points")
    @classmethod
    def _real_points(cls, points: list[str]) -> list[str]:
        if any(len(p.strip()) < 8 or len(p.split()) < 2 for p in points):
            raise ValueError("every key point needs a few words")
        if len({" ".join(p.lower().split()) for p in points}) < len(points):
            raise ValueError("key points repeat each other")
        return [p.strip() for p in points]

    @model_validator(mode="after")
    def _answer_answers(self) -> QuestionDraft:
        if len(self.answer.strip()) < len(self.prompt.strip()):
            raise ValueError("the model answer is shorter than the question")
        return self


def question_messages(topic: Topic, avoid: list[str]) -> list[dict[str, str]]:
    return [{"role": "system", "content": QUESTION_SYSTEM}, {"role": "user", "content": _question_prompt(topic, avoid)}]


QUESTION_SYSTEM = (
    "You are a strict, friendly examiner for an AI-engineering course. Write ONE new short-answer question "
    "that tests understanding or application (a scenario, trade-off or debugging case), not trivia. "
    "Ground it only in the topic material given. Key points are short distinct statements a grader can check. "
    "Answer with JSON matching the schema."
)


def _question_prompt(topic: Topic, avoid: list[str]) -> str:
    examples = "\n".join(f"- {q.prompt.strip()}" for q in topic.questions[:4])
    objectives = "\n".join(f"- {o}" for o in topic.objectives)
    recent = "\n".join(f"- {a}" for a in avoid[-8:]) or "- (none)"
    return (
        f"Topic: {topic.title}\n\nSummary: {topic.summary.strip()}\n\nObjectives:\n{objectives}\n\n"
        f"Lesson excerpt:\n{topic.lesson.strip()[:2500]}\n\nStyle examples (do not repeat them):\n{examples}\n\n"
        f"Questions the learner saw recently (ask something different):\n{recent}"
    )
