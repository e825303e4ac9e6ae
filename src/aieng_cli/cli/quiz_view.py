"""The plain-terminal quiz loop: shows questions, reads answers, shows grades. Logic lives in
tutor/session.py; this only talks to the person."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel

from ..tutor import bank
from ..tutor.scheduler import RATING_NAMES
from ..tutor.session import Asked, QuizSession, Result


def run_quiz(out: Console, session: QuizSession) -> None:
    announced = session.offline_reason
    number = 0
    while True:
        with _working(out, session, f"{_model(session)} is writing a question", "ctrl+c stops the quiz"):
            asked = session.next_question()
        announced = _announce_offline(out, session, announced)
        if asked is None:
            return
        number += 1
        _show_question(out, asked, number)
        try:
            answer = _read_choice(out, asked) if asked.kind == "choice" else _read_text(out)
        except EOFError:
            out.print("[dim]No more input: stopping.[/dim]")
            return
        try:
            hint = "ctrl+c: stop waiting and rate it yourself"
            with _working(out, session, f"{_model(session)} is grading your answer", hint, asked.kind == "short"):
                result = session.grade(asked, answer)
        except KeyboardInterrupt:  # the model call stops with it; nothing was recorded
            out.print("[yellow]Grading cancelled: rate your answer yourself.[/yellow]")
            result = None
        announced = _announce_offline(out, session, announced)
        if result is None:
            result = _self_rate(out, session, asked, answer)
            if result is None:
                return
        _show_result(out, asked, result)


class _Elapsed:
    """A status line that shows the seconds waited so far, re-rendered by the spinner."""

    def __init__(self, what: str, hint: str) -> None:
        self.what, self.hint, self.start = escape(what), escape(hint), time.monotonic()

    def __rich__(self) -> str:
        return f"{self.what}… {time.monotonic() - self.start:.0f} s [dim]({self.hint})[/dim]"


def _working(
    out: Console, session: QuizSession, what: str, hint: str, uses_model: bool = True
) -> AbstractContextManager[object]:
    """While the model works: what it is doing and the elapsed seconds; nothing offline."""
    if session.offline or not uses_model:
        return nullcontext()
    return out.status(_Elapsed(what, hint), spinner="dots")  # type: ignore[arg-type]


def _model(session: QuizSession) -> str:
    return getattr(session.tutor, "model", None) or "the model"


def _announce_offline(out: Console, session: QuizSession, announced: str | None) -> str | None:
    if session.offline_reason and session.offline_reason != announced:
        out.print(f"[yellow]Offline from now on: {escape(session.offline_reason)}. Using the question bank.[/yellow]")
    return session.offline_reason


def _show_question(out: Console, asked: Asked, number: int) -> None:
    # Every string here may come from a model or a user's roadmap: escaped, never Rich markup.
    body = escape(asked.prompt.strip())
    if asked.choices:
        body += "\n\n" + "\n".join(f"  {chr(65 + i)}. {escape(c)}" for i, c in enumerate(asked.choices))
    source = "from the bank" if asked.source == "bank" else f"written by {asked.source}"
    new = " · new material" if asked.new_material else ""
    title = f"Q{number} · {escape(asked.topic.title)}{new}"
    out.print(Panel(body, title=title, subtitle=escape(source), title_align="left"))


def _read_choice(out: Console, asked: Asked) -> str:
    last = chr(64 + len(asked.choices))
    while True:
        text = out.input(f"Your answer (A-{last}, empty = don't know): ").strip()
        if not text or bank.parse_choice(text, len(asked.choices)) is not None:
            return text
        out.print(f"[red]Answer with a letter A-{last} or a number 1-{len(asked.choices)}.[/red]")


def _read_text(out: Console) -> str:
    out.print("[dim]Your answer (several lines allowed; finish with an empty line):[/dim]")
    lines: list[str] = []
    while True:
        try:
            line = out.input("> " if not lines else "  ")
        except EOFError:
            if lines:
                break
            raise
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def _self_rate(out: Console, session: QuizSession, asked: Asked, answer: str) -> Result | None:
    out.print(
        Panel(Markdown(_reference_md(asked.reference, asked.key_points)), title="Model answer", title_align="left")
    )
    while True:
        try:
            text = out.input("How did you do? 1 Again · 2 Hard · 3 Good · 4 Easy: ")
        except EOFError:
            out.print("[dim]No rating given: this answer was not recorded.[/dim]")
            return None
        rating = bank.parse_self_rating(text)
        if rating is not None:
            return session.self_rate(asked, answer, rating)
        out.print("[red]Type 1, 2, 3 or 4 (or again, hard, good, easy).[/red]")


def _reference_md(reference: str, key_points: list[str]) -> str:
    points = "\n".join(f"- {p}" for p in key_points)
    return reference.strip() + (f"\n\n**Key points**\n\n{points}" if points else "")


def _show_result(out: Console, asked: Asked, result: Result) -> None:
    colour = "green" if result.score >= 3 else "yellow" if result.score >= 1 else "red"
    verdict = escape(result.verdict)
    lines = [f"[{colour}]{verdict}[/{colour}] · score {result.score}/4 · {RATING_NAMES[result.rating]}"]
    if result.notice:
        lines.append(f"[dim]{escape(result.notice)}[/dim]")
    if result.feedback:
        lines.append(escape(result.feedback.strip()))
    if result.missed_points:
        lines.append("Missed: " + "; ".join(escape(p) for p in result.missed_points))
    out.print("\n".join(lines))
    if asked.kind == "short" and result.verdict and not result.verdict.startswith("Self-rated"):
        out.print(
            Panel(
                Markdown(_reference_md(result.reference, result.key_points)),
                title="Model answer",
                title_align="left",
                border_style="dim",
            )
        )
    out.print(f"[dim]Saved. Next review of {escape(asked.topic.title)}: {result.due:%a %d %b %Y}[/dim]\n")


__all__ = ["run_quiz"]
