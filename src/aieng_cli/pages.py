"""A topic rendered as a Markdown page: shared by `aieng topic` and the TUI."""

from __future__ import annotations

from .roadmap import ChoiceQuestion, Roadmap, Topic

STATUS_MARKS = {"todo": "○ todo", "learning": "◐ learning", "done": "● done", "skipped": "⊘ skipped"}


def topic_markdown(roadmap: Roadmap, topic: Topic, status: str = "todo", questions: bool = False) -> str:
    phase = roadmap.phase(topic.phase)
    parts = [
        f"# {topic.title}",
        f"*{phase.title} (months {phase.months}) · about {topic.hours:g} h · {STATUS_MARKS[status]}* · id `{topic.id}`",
        topic.summary.strip(),
        "## Objectives",
        "\n".join(f"- {o}" for o in topic.objectives),
    ]
    if topic.lesson.strip():
        parts += ["## Lesson", topic.lesson.strip()]
    if topic.resources:
        parts += ["## Resources", "\n".join(f"- [{r.title}]({r.url}) — {r.url}" for r in topic.resources)]
    if questions:
        parts += ["## Question bank", _question_list(topic)]
    elif topic.questions:
        parts.append(f"*{len(topic.questions)} questions in the bank: `aieng topic {topic.id} --questions`*")
    return "\n\n".join(parts) + "\n"


def _question_list(topic: Topic) -> str:
    if not topic.questions:
        return "*No bank questions yet.*"
    lines = []
    for number, q in enumerate(topic.questions, 1):
        lines.append(f"{number}. **{q.prompt.strip()}** `{q.id}` ({q.kind})")
        if isinstance(q, ChoiceQuestion):
            lines += [f"    {chr(65 + i)}. {choice}" for i, choice in enumerate(q.choices)]
    return "\n".join(lines)
