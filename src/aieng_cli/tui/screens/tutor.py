"""Tutor: a streamed chat about one topic, grounded in its lesson.

The conversation on each topic is kept for the whole `aieng study` session (leaving and coming
back shows it again) and `ctrl+s` saves it as Markdown. Why the tutor is offline is said once,
in the chat; the status line only says "offline".
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, Static

from ...errors import AiengError, TutorUnavailable


class TutorScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("ctrl+s", "export", "Save chat", id="export"),  # ctrl+e is the input's end-of-line
    ]

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic = None
        self.topic_id = topic_id
        self.messages: list[dict[str, str]] = []
        self.streaming = False
        self.offline_reason: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tutor-status")
        yield VerticalScroll(id="chat")
        yield Input(placeholder="Ask about this topic and press Enter (Esc leaves)", id="ask")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Tutor"
        self.topic = self.app.roadmap.topic(self.topic_id)
        # The conversation lives in the app for the session: the same list, so replies land in it.
        self.messages = self.app.chats.setdefault(self.topic_id, [])
        for message in self.messages:
            self._add(message["role"], message["content"])
        self._status("checking the model…")
        self.query_one("#ask", Input).focus()
        self.check()

    def _status(self, state: str) -> None:
        self.query_one("#tutor-status", Static).update(f"Tutor · {escape(self.topic.title)} · {escape(state)}")

    @work(thread=True, exclusive=True, group="tutor-health")
    def check(self) -> None:
        tutor = self.app.tutor()
        if tutor is None:
            reason, state = "you started `aieng study --offline`", "offline"
        else:
            health = tutor.health()
            reason, state = (None, health.summary) if health.ok else (health.summary, "offline")
        self.app.call_from_thread(self._checked, reason, state)

    def _checked(self, reason: str | None, state: str) -> None:
        if not self.is_attached:
            return
        self._status(state)
        self.offline_reason = reason
        if reason is not None:
            note = (
                f"*The tutor chat needs a local model and is offline: {reason}. "
                "The topic page and the quiz work without it.*"
            )
            self.query_one("#chat", VerticalScroll).mount(Markdown(note, classes="note"))

    @on(Input.Submitted, "#ask")
    def _ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question or self.streaming:
            return
        event.input.value = ""
        if self.offline_reason is not None:
            self._add("user", question)
            self.query_one("#chat", VerticalScroll).mount(Markdown("*Not sent: the tutor is offline.*", classes="note"))
            return
        self.messages.append({"role": "user", "content": question})
        self._add("user", question)
        reply = self._add("assistant", "…")
        self.streaming = True
        self.stream(reply)

    def _add(self, role: str, content: str) -> Static | Markdown:
        chat = self.query_one("#chat", VerticalScroll)
        if role == "user":
            widget: Static | Markdown = Static(Text.assemble(("You: ", "bold"), content), classes="you")
        else:
            widget = Markdown(content, classes="tutor")
        chat.mount(widget)
        chat.scroll_end(animate=False)
        return widget

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
                note = f"*No reply: {exc}. The topic page and the quiz work without the tutor.*"
            self.app.call_from_thread(self._update, reply, note)
        if text:
            self.messages.append({"role": "assistant", "content": text})
        self.app.call_from_thread(self._done)

    def _update(self, reply: Markdown, text: str) -> None:
        if not self.is_attached:
            return
        reply.update(text)
        self.query_one("#chat", VerticalScroll).scroll_end(animate=False)

    def _done(self) -> None:
        self.streaming = False

    def action_export(self) -> None:
        from ...chats import export_chat

        try:
            path = export_chat(self.topic_id, self.topic.title, self.messages, self.app.now())
        except AiengError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"Saved the chat to {path}")
