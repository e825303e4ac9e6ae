"""A topic rendered as a Markdown page: shared by `aieng topic` and the TUI."""

from __future__ import annotations

from .roadmap import ChoiceQuestion, Roadmap, Topic

STATUS_MARKS = {"todo": "○ todo", "learning": "◐ learning", "done": "● done", "skipped": "⊘ skipped"}


def topic_markdown(
    roadmap: Roadmap,
    topic: Topic,
    status: str = "todo",
    questions: bool = False,
    quiz_hint: str | None = None,
    links: bool = False,
) -> str:
    """The page. `quiz_hint` says how to practise the bank where the page is shown (the CLI's
    default names the command); `links` makes resource titles links (the TUI) instead of
    printing each URL once after its title (a terminal, which shows a link's URL anyway)."""
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
        if links:
            items = [f"- [{r.title}]({r.url})" for r in topic.resources]
        else:
            items = [f"- {r.title}: {r.url}" for r in topic.resources]
        parts += ["## Resources", "\n".join(items)]
    if questions:
        parts += ["## Question bank", _question_list(topic)]
    elif topic.questions:
        hint = quiz_hint or f"`aieng topic {topic.id} --questions` lists them; `aieng quiz {topic.id}` asks them"
        parts.append(f"*{len(topic.questions)} questions in the bank: {hint}*")
    return "\n\n".join(parts) + "\n"


def phase_markdown(roadmap: Roadmap, phase_id: str, statuses: dict[str, str], topic_ids: list[str]) -> str:
    """A phase's page: its months, summary and its topics (of the learner's track) with status."""
    phase = roadmap.phase(phase_id)
    topics = [roadmap.topic(t) for t in topic_ids]
    hours = sum(t.hours for t in topics)
    done = sum(1 for t in topics if statuses.get(t.id) == "done")
    rows = "\n".join(f"- {STATUS_MARKS[statuses.get(t.id, 'todo')]} · {t.title} · about {t.hours:g} h" for t in topics)
    return (
        f"# {phase.title}\n\n*Months {phase.months} · {len(topics)} topics · about {hours:g} h · "
        f"{done} done*\n\n{phase.summary.strip()}\n\n## Topics\n\n{rows}\n"
    )


def _question_list(topic: Topic) -> str:
    if not topic.questions:
        return "*No bank questions yet.*"
    items = []
    for number, q in enumerate(topic.questions, 1):
        kind = "multiple choice" if isinstance(q, ChoiceQuestion) else "short answer"
        lines = [f"{number}. **{q.prompt.strip()}**", "", f"   *{kind} · id `{q.id}`*"]
        if isinstance(q, ChoiceQuestion):
            lines += [""] + [f"   - {chr(65 + i)}. {choice}" for i, choice in enumerate(q.choices)]
        items.append("\n".join(lines))
    return "\n\n".join(items)
