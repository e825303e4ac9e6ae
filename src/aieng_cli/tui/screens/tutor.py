"""Tutor: a streamed chat about one topic, grounded in its lesson; history kept while open."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, Static

from ...errors import TutorUnavailable


class TutorScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic = None
        self.topic_id = topic_id
        self.messages: list[dict[str, str]] = []
        self.streaming = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tutor-status")
        yield VerticalScroll(id="chat")
        yield Input(placeholder="Ask about this topic and press Enter (Esc leaves)", id="ask")
        yield Footer()

    def on_mount(self) -> None:
        self.topic = self.app.roadmap.topic(self.topic_id)
        self.query_one("#tutor-status", Static).update(f"Tutor · {self.topic.title} · checking the model…")
        self.query_one("#ask", Input).focus()
        self.check()

    @work(thread=True, exclusive=True, group="tutor-health")
    def check(self) -> None:
        tutor = self.app.tutor()
        if tutor is None:
            text = "offline (--offline): the tutor chat needs a local model; the topic page and quiz work offline"
        else:
            health = tutor.health()
            text = health.summary if health.ok else f"offline: {health.summary}"
        self.app.call_from_thread(
            self.query_one("#tutor-status", Static).update, f"Tutor · {self.topic.title} · {text}"
        )

    @on(Input.Submitted, "#ask")
    def _ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question or self.streaming:
            return
        event.input.value = ""
        self.messages.append({"role": "user", "content": question})
        chat = self.query_one("#chat", VerticalScroll)
        chat.mount(Static(f"[b]You:[/b] {question}", classes="you"))
        reply = Markdown("…", classes="tutor")
        chat.mount(reply)
        chat.scroll_end(animate=False)
        self.streaming = True
        self.stream(reply)

    @work(thread=True, exclusive=True, group="tutor-chat")
    def stream(self, reply: Markdown) -> None:
        tutor, text = self.app.tutor(), ""
        try:
            if tutor is None:
                raise TutorUnavailable("offline mode (--offline)")
            for part in tutor.chat(self.topic, list(self.messages)):
                text += part
                self.app.call_from_thread(self._update, reply, text)
        except TutorUnavailable as exc:
            if text:
                note = f"{text}\n\n*The tutor stopped mid-answer: {exc}. What arrived is kept; ask again to retry.*"
            else:
                note = f"*The tutor is unavailable: {exc}. The topic page and the quiz work without it.*"
            self.app.call_from_thread(self._update, reply, note)
            self.app.call_from_thread(self.notify, f"Tutor unavailable: {exc}", severity="error")
        if text:
            self.messages.append({"role": "assistant", "content": text})
        self.app.call_from_thread(self._done)

    def _update(self, reply: Markdown, text: str) -> None:
        reply.update(text)
        self.query_one("#chat", VerticalScroll).scroll_end(animate=False)

    def _done(self) -> None:
        self.streaming = False
