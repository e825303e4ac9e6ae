"""Quiz: one question at a time from tutor.session; grading in a worker, saved before the next.

After an answer the learner sees what they wrote beside the model answer (stacked on narrow
terminals), choice options stay on screen with the pick and the right one marked, and a
self-rating has no default: every rating is a deliberate key press.
"""

from __future__ import annotations

import threading
import time

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, LoadingIndicator, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...errors import AiengError, Cancelled
from ...today import local_zone
from ...tutor.scheduler import RATING_NAMES
from ...tutor.session import Asked, QuizSession, Result, start_session
from .confirm import ConfirmScreen

RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4}
STACK_BELOW = 100  # columns: narrower terminals show your answer above the model answer


def choice_label(index: int) -> str:
    """One labelling scheme everywhere (CLI and TUI): A, B, C, D."""
    return chr(65 + index)


class QuizScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "leave", "Back", id="back"),
        Binding("ctrl+s", "submit", "Submit", id="submit"),
        Binding("n", "next", "Next", id="next"),
    ]

    def __init__(self, topic_id: str | None = None, count: int = 10) -> None:
        super().__init__()
        self.topic_id, self.count = topic_id, count
        self.session: QuizSession | None = None
        self.asked: Asked | None = None
        self.answer = ""
        self.phase = "loading"  # loading | answering | grading | rating | result | done
        self.announced: str | None = None
        self.number = 0
        self.cancel = threading.Event()  # set by esc (or leaving): stop waiting for the model
        self.waiting: tuple[str, str, float] | None = None  # (what the model does, esc hint, since)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="quiz-status")
        yield Static("", id="quiz-offline")
        with VerticalScroll(id="quiz-body"):
            yield Markdown("", id="question")
            yield OptionList(id="choices")
            yield TextArea(id="answer", placeholder="Type your answer, then Ctrl+S (or the Submit button)")
            yield Button("Submit", id="submit", variant="primary")
            yield LoadingIndicator(id="busy")
            yield Static("", id="verdict")
            with Horizontal(id="compare"):
                with Vertical(id="yours"):
                    yield Static("Your answer", classes="caption")
                    yield Static("", id="your-answer")
                with Vertical(id="model"):
                    yield Markdown("", id="model-answer")
            with Horizontal(id="rating"):
                for key, name in RATING_NAMES.items():
                    yield Button(f"{key} {name}", id=f"rate-{key}")
            yield Markdown("", id="feedback")
            yield Button("Next question (enter)", id="next")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.query_one("#quiz-offline").display = False
        self._set_phase("loading")
        self.set_interval(0.5, self._tick)
        self.start()

    def on_resize(self) -> None:
        self.query_one("#compare").set_class(self.size.width < STACK_BELOW, "stacked")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Footer keys follow the phase: Submit only while a typed answer can be sent, Next only after."""
        if action == "submit":
            return self.phase == "answering" and self.asked is not None and self.asked.kind == "short"
        if action == "next":
            return self.phase == "result"
        return True

    def _ui(self, callback, *args, **kwargs) -> None:
        """From a worker: run `callback` on the UI thread, unless the learner left this screen."""

        def if_shown() -> None:
            if self.is_attached:
                callback(*args, **kwargs)

        self.app.call_from_thread(if_shown)

    def _wait_for_model(self, what: str, hint: str) -> None:
        """Say what the model is doing, with the seconds waited (updated by _tick)."""
        if self.session is not None and not self.session.offline:
            self.cancel = threading.Event()
            self.waiting = (what, hint, time.monotonic())
            self._tick()

    def _tick(self) -> None:
        if self.waiting is None or self.phase not in ("loading", "grading"):
            return
        what, hint, since = self.waiting
        self._status(f"{escape(what)}… {time.monotonic() - since:.0f} s  [dim]({hint})[/dim]")

    def _status(self, markup: str) -> None:
        self.query_one("#quiz-status", Static).update(markup)

    # Flow ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="quiz")
    def start(self) -> None:
        app = self.app
        try:
            zone = local_zone(app.settings.timezone or None)
            session = start_session(
                app.roadmap, app.store, self.topic_id, self.count, app.offline, app.tutor, zone=zone
            )
        except AiengError as exc:
            self._ui(self._finish, str(exc))
            return
        self.session = session
        self._fetch_question()

    def _fetch_question(self) -> None:
        """Runs in a worker thread: the model may be writing the question."""
        model = getattr(self.session.tutor, "model", "the model")
        self._ui(self._wait_for_model, f"{model} is writing a question", "esc: back")
        try:
            asked = self.session.next_question(cancel=self.cancel)
        except Cancelled:
            return
        except AiengError as exc:
            self._ui(self._finish, str(exc))
            return
        self._ui(self._show_question, asked)

    def _show_question(self, asked: Asked | None) -> None:
        self._announce_offline()
        if asked is None:
            ran_out = "".join(f" {note}" for note in self.session.ran_out_notes())
            self._finish(f"Done: {self.session.graded} answer(s) graded and saved.{ran_out}")
            return
        self.asked, self.number = asked, self.number + 1
        self.waiting = None
        source = "bank" if asked.source == "bank" else f"written by {asked.source}"
        new = " · [b]new material[/b]" if asked.new_material else ""
        self._status(f"Q{self.number} · {escape(asked.topic.title)}{new} · {escape(source)}")
        self.query_one("#question", Markdown).update(asked.prompt)
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.disabled = False
        if asked.kind == "choice":
            choices.add_options(
                [Option(f"{choice_label(i)}. {text}", id=str(i)) for i, text in enumerate(asked.choices)]
            )
            choices.highlighted = 0
        self.query_one("#answer", TextArea).text = ""
        for selector in ("#verdict", "#your-answer"):
            self.query_one(selector, Static).update("")
        for selector in ("#feedback", "#model-answer"):
            self.query_one(selector, Markdown).update("")
        self._set_phase("answering")

    def action_submit(self) -> None:
        if self.phase != "answering" or self.asked is None:
            return
        if self.asked.kind == "choice":
            index = self.query_one("#choices", OptionList).highlighted
            self.answer = "" if index is None else choice_label(index)
        else:
            self.answer = self.query_one("#answer", TextArea).text
        self._set_phase("grading")
        if self.asked.kind == "short":
            model = getattr(self.session.tutor, "model", "the model")
            self._wait_for_model(f"{model} is grading your answer", "esc: stop waiting and rate it yourself")
        self.grade(self.asked, self.answer)

    @work(thread=True, exclusive=True, group="quiz")
    def grade(self, asked: Asked, answer: str) -> None:
        try:
            result = self.session.grade(asked, answer, cancel=self.cancel)
        except AiengError as exc:
            self._ui(self.notify, str(exc), severity="error")
            self._ui(self._set_phase, "answering")
            return
        self._ui(self._graded, result)

    def _graded(self, result: Result | None) -> None:
        self._announce_offline()
        stopped = self.waiting is not None and self.cancel.is_set()
        self.waiting = None
        if result is None:  # offline or grading stopped: compare with the model answer, then rate
            prefix = "Grading stopped. " if stopped else ""
            self.query_one("#verdict", Static).update(
                f"{prefix}Compare, then rate yourself: 1 Again · 2 Hard · 3 Good · 4 Easy"
            )
            self._show_comparison(self.asked.reference, self.asked.key_points)
            self._set_phase("rating")
            return
        self._show_result(result)

    def _show_comparison(self, reference: str, key_points: list[str]) -> None:
        yours = self.answer.strip()
        self.query_one("#your-answer", Static).update(Text(yours) if yours else Text("(no answer)", style="dim"))
        self.query_one("#model-answer", Markdown).update(_reference(reference, key_points))

    def rate(self, rating: int) -> None:
        if self.phase != "rating":
            return
        self._set_phase("grading")
        self.save_rating(self.asked, self.answer, rating)

    @work(thread=True, exclusive=True, group="quiz")
    def save_rating(self, asked: Asked, answer: str, rating: int) -> None:
        try:
            result = self.session.self_rate(asked, answer, rating)
        except AiengError as exc:
            self._ui(self.notify, str(exc), severity="error")
            self._ui(self._set_phase, "rating")
            return
        self._ui(self._show_result, result)

    def _show_result(self, result: Result) -> None:
        colour = "green" if result.score >= 3 else "yellow" if result.score >= 1 else "red"
        notice = f"  [dim]({escape(result.notice)})[/dim]" if result.notice else ""
        self.query_one("#verdict", Static).update(
            f"[{colour}]{escape(result.verdict)}[/{colour}] · score {result.score}/4 · {RATING_NAMES[result.rating]}"
            f" · saved · next review {result.due:%d %b %Y}{notice}"
        )
        parts = [result.feedback.strip()] if result.feedback.strip() else []
        if result.missed_points:
            parts.append("**Missed:** " + "; ".join(result.missed_points))
        self.query_one("#feedback", Markdown).update("\n\n".join(parts))
        if self.asked.kind == "choice":
            self._mark_choices()
        else:
            self._show_comparison(result.reference, result.key_points)
        self._set_phase("result")

    def _mark_choices(self) -> None:
        """Keep the options on screen: the pick and the right one marked."""
        asked, choices = self.asked, self.query_one("#choices", OptionList)
        picked = ord(self.answer) - 65 if self.answer else None
        choices.clear_options()
        for i, text in enumerate(asked.choices):
            mark = "✓" if i == asked.correct else "✗" if i == picked else " "
            note = "  ← right answer" if i == asked.correct else "  ← your answer" if i == picked else ""
            choices.add_option(Option(f"{mark} {choice_label(i)}. {text}{note}", id=str(i)))
        choices.disabled = True

    def action_next(self) -> None:
        if self.phase == "result":
            self._set_phase("loading")
            self.next_question()

    @work(thread=True, exclusive=True, group="quiz")
    def next_question(self) -> None:
        self._fetch_question()

    def _finish(self, message: str) -> None:
        self._status(escape(message) + "  Press Esc to go back.")
        self.query_one("#question", Markdown).update("")
        self._set_phase("done")

    def _announce_offline(self) -> None:
        """Say once, in a line of its own (a toast would cover the answer), why the quiz is offline."""
        reason = self.session.offline_reason if self.session else None
        if reason and reason != self.announced:
            line = self.query_one("#quiz-offline", Static)
            line.update(f"Offline: {escape(reason)}.")
            line.display = True
            self.announced = reason

    # Leaving ------------------------------------------------------------------

    @property
    def has_draft(self) -> bool:
        """An answer typed or awaiting its self-rating: not saved yet, so never dropped silently."""
        if self.phase == "rating":
            return True
        if self.phase == "answering" and self.asked is not None and self.asked.kind == "short":
            return bool(self.query_one("#answer", TextArea).text.strip())
        return False

    def action_leave(self) -> None:
        if self.phase == "grading" and self.waiting is not None:
            self.cancel.set()  # stop waiting for the grade; the answer goes to self-rating
            return
        self.confirm_leaving(lambda: self.app.pop_screen())

    def confirm_leaving(self, then) -> None:
        """Run `then` (which leaves this screen), asking first if an unsaved answer would be lost."""

        def decided(leave: bool | None) -> None:
            if leave:
                self.cancel.set()  # a question being written is abandoned with the screen
                then()

        if self.has_draft:
            self.app.push_screen(ConfirmScreen("Leave the quiz? Your answer has not been saved."), decided)
        else:
            decided(True)

    # Keys and clicks ------------------------------------------------------------

    def on_key(self, event) -> None:
        if self.phase == "rating" and event.key in RATINGS:
            event.stop()
            self.rate(RATINGS[event.key])
        elif self.phase == "answering" and self.asked is not None and self.asked.kind == "choice":
            count = len(self.asked.choices)
            key = event.key.upper()
            if key.isdigit() and 1 <= int(key) <= count:
                index = int(key) - 1
            elif len(key) == 1 and "A" <= key < choice_label(count):
                index = ord(key) - 65
            else:
                return
            event.stop()
            self.query_one("#choices", OptionList).highlighted = index
            self.action_submit()
        elif self.phase == "result" and event.key == "enter":
            event.stop()
            self.action_next()

    @on(OptionList.OptionSelected, "#choices")
    def _choice_selected(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#rating Button")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        self.rate(int(event.button.id.removeprefix("rate-")))

    # Layout by phase ------------------------------------------------------------

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        asked = self.asked
        choice = asked is not None and asked.kind == "choice"
        answering = phase == "answering"
        shown = {
            "#choices": choice and phase in ("answering", "grading", "result"),
            "#answer": answering and not choice,
            "#submit": answering and not choice,
            "#busy": phase in ("loading", "grading"),
            "#verdict": phase in ("rating", "result"),
            "#compare": phase in ("rating", "result") and not choice,
            "#feedback": phase == "result",
            "#rating": phase == "rating",
            "#next": phase == "result",
            "#question": phase != "loading" or asked is not None,
        }
        for selector, visible in shown.items():
            self.query_one(selector).display = visible
        if answering:
            self.query_one("#choices" if choice else "#answer").focus()
        elif phase == "result":
            self.query_one("#next", Button).focus()
        elif phase == "rating":
            self.query_one("#quiz-body").focus()  # no rating has focus: enter never rates by accident
        self.refresh_bindings()


def _reference(reference: str, key_points: list[str]) -> str:
    points = "\n".join(f"- {p}" for p in key_points)
    return f"**Model answer.** {reference.strip()}" + (f"\n\n**Key points**\n\n{points}" if points else "")
