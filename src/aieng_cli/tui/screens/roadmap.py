"""Roadmap: phases -> topics with status marks; the selected topic's page beside the tree."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Tree

from ...errors import AiengError
from ...pages import phase_markdown, topic_markdown
from ...plan import study_order
from ...progress import Progress
from ...tutor.scheduler import due_topics

MARK = {"todo": "○", "learning": "◐", "done": "●", "skipped": "⊘"}


@dataclass(frozen=True)
class PhaseNode:
    """Tree data of a phase row (topic rows carry the topic id)."""

    phase_id: str


class RoadmapScreen(Screen[None]):
    BINDINGS = [
        # The footer must fit 80 columns with the app's keys: s and t live in the help screen.
        Binding("l", "mark('learning')", "Learning", id="mark-learning"),
        Binding("x", "mark('done')", "Done", id="mark-done"),
        Binding("s", "mark('skipped')", "Skip", id="mark-skip", show=False),
        Binding("t", "mark('todo')", "To do", id="mark-todo", show=False),
        Binding("z", "quiz_topic", "Quiz", id="quiz-topic"),
        Binding("c", "chat_topic", "Chat", id="chat-topic"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self, topic_id: str | None = None) -> None:
        super().__init__()
        self.initial_topic = topic_id
        self.progress = Progress()
        self.phase_topics: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Tree("Roadmap", id="tree")
            with VerticalScroll(id="page-scroll"):
                yield Markdown("Select a topic.", id="page", open_links=False)
        yield Footer(compact=True)  # eleven keys: they fit 80 columns only without padding

    def on_mount(self) -> None:
        self.sub_title = "Roadmap"
        tree = self.query_one(Tree)
        tree.show_root = False
        self.load_progress()

    @work(thread=True, exclusive=True, group="roadmap-progress")
    def load_progress(self) -> None:
        try:
            progress = self.app.store.load()
        except AiengError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            progress = Progress()
        self.app.call_from_thread(self._build_tree, progress)

    def _build_tree(self, progress: Progress) -> None:
        self.progress = progress
        roadmap = self.app.roadmap
        order = study_order(roadmap, progress.track) if progress.track else [t.id for t in roadmap.topics]
        in_track = set(order)
        due = set(due_topics(roadmap, progress, self.app.now()))
        tree = self.query_one(Tree)
        tree.clear()
        target = None
        phases = [(p, [t for t in roadmap.topics if t.phase == p.id and t.id in in_track]) for p in roadmap.phases]
        self.phase_topics = {p.id: [t.id for t in ts] for p, ts in phases if ts}
        for number, (phase, topics) in enumerate([(p, ts) for p, ts in phases if ts], 1):
            branch = tree.root.add(f"{number}. {phase.title}", data=PhaseNode(phase.id), expand=True)
            for topic in topics:
                node = branch.add_leaf(self._label(topic.id, topic.title, due), data=topic.id)
                if topic.id == self.initial_topic:
                    target = node
        tree.focus()
        if target is not None:
            self.call_after_refresh(self._go_to, target)  # lines exist only once the tree is laid out
        else:
            tree.move_cursor_to_line(1)

    def _go_to(self, node) -> None:
        self.query_one(Tree).move_cursor(node)
        self.show_topic(node.data)

    def select_topic(self, topic_id: str) -> None:
        """Put the cursor on a topic and show its page (the palette's "Open topic")."""
        for branch in self.query_one(Tree).root.children:
            for node in branch.children:
                if node.data == topic_id:
                    branch.expand()
                    self.call_after_refresh(self._go_to, node)
                    return
        self.notify(f"{topic_id} is not in your track's roadmap", severity="warning")

    def _label(self, topic_id: str, title: str, due: set[str]) -> str:
        status = self.progress.status(topic_id)
        suffix = " [yellow]due[/yellow]" if topic_id in due else ""
        return f"{MARK[status]} {title}{suffix}"

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if isinstance(data, PhaseNode):
            self.show_phase(data.phase_id)
        elif data:
            self.show_topic(data)

    def show_topic(self, topic_id: str) -> None:
        roadmap = self.app.roadmap
        page = topic_markdown(
            roadmap,
            roadmap.topic(topic_id),
            self.progress.status(topic_id),
            quiz_hint="press `z` to be quizzed on them, `c` to ask the tutor",
            links=True,
        )
        self._show_page(page)

    def show_phase(self, phase_id: str) -> None:
        topics = self.phase_topics.get(phase_id, [])
        statuses = {t: self.progress.status(t) for t in topics}
        self._show_page(phase_markdown(self.app.roadmap, phase_id, statuses, topics))

    def _show_page(self, page: str) -> None:
        self.query_one("#page", Markdown).update(page)
        self.query_one("#page-scroll", VerticalScroll).scroll_home(animate=False)

    def _selected(self) -> str | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None and isinstance(node.data, str) else None

    def action_mark(self, status: str) -> None:
        topic_id = self._selected()
        if topic_id is None:
            self.notify("Select a topic (not a phase) to mark it.", severity="warning")
            return
        self.save_mark(topic_id, status)

    @work(thread=True, group="roadmap-mark")
    def save_mark(self, topic_id: str, status: str) -> None:
        try:
            self.app.store.mutate(lambda p: p.set_status(topic_id, status))
            progress = self.app.store.load()
        except AiengError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._marked, topic_id, progress)

    def _marked(self, topic_id: str, progress: Progress) -> None:
        self.progress = progress
        node = self.query_one(Tree).cursor_node
        if node is not None and node.data == topic_id:
            due = set(due_topics(self.app.roadmap, progress, self.app.now()))
            node.set_label(self._label(topic_id, self.app.roadmap.topic(topic_id).title, due))
        self.show_topic(topic_id)
        self.notify(f"{topic_id}: {progress.status(topic_id)}")

    def action_quiz_topic(self) -> None:
        if (topic_id := self._selected()) is not None:
            self.app.action_quiz(topic_id)
        else:
            self.notify("Select a topic (not a phase) to quiz it.", severity="warning")

    def action_chat_topic(self) -> None:
        if (topic_id := self._selected()) is not None:
            self.app.action_chat(topic_id)
        else:
            self.notify("Select a topic (not a phase) to chat about it.", severity="warning")

    def on_screen_resume(self) -> None:
        if self.query_one(Tree).root.children:
            self.initial_topic = self._selected()
            self.load_progress()  # a quiz may have changed statuses and due dates
