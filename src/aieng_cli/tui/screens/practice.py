"""Practice: exercises per topic with ✓, the task, a check run in a worker with its output, hints."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static, Tree

from ... import practice as core
from ...errors import AiengError
from ...practice_check import CheckResult
from ...practice_store import Practice, default_practice_store

OUTPUT_LINES = 60  # the tail of pytest's output shown under the verdict


class PracticeScreen(Screen[None]):
    BINDINGS = [
        Binding("c", "check", "Check", id="practice-check"),
        Binding("h", "hint", "Hint", id="practice-hint"),
        Binding("o", "open", "Copy", id="practice-open"),  # to the practice folder (help says so)
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self, exercise_id: str | None = None, store=None, base: Path | None = None) -> None:
        super().__init__()
        self.initial = exercise_id
        self.store = store or default_practice_store()
        self.base = base
        self.index: dict[str, core.Exercise] = {}
        self.practice = Practice()
        self.selected: str | None = None
        self.nodes: dict = {}  # exercise id -> its tree node

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Tree("Exercises", id="exercise-tree")
            with Vertical(id="practice-side"):
                with VerticalScroll(id="practice-scroll"):
                    yield Markdown("Loading exercises…", id="practice-task", open_links=False)
                yield Static("", id="practice-status")
                with VerticalScroll(id="practice-output-scroll"):
                    yield Static("", id="practice-output", markup=False)
        yield Footer(compact=True)  # its keys and the app's must fit 80 columns

    def on_mount(self) -> None:
        self.sub_title = "Practice"
        self.query_one(Tree).show_root = False
        self.load()

    @work(thread=True, exclusive=True, group="practice-load")
    def load(self) -> None:
        try:
            index = core.load_index()
            practice = self.store.load()
            base = self.base or core.practice_dir(self.store, None)
            progress = self.app.store.load()
            upcoming = core.next_exercise(index, core.study_topics(self.app.roadmap, progress), practice.passed())
        except AiengError as exc:
            self.app.call_from_thread(self._status, str(exc), "error")
            return
        initial = self.initial or practice.current or (upcoming.id if upcoming else None)
        self.app.call_from_thread(self._build, index, practice, base, initial)

    def _build(self, index: dict[str, core.Exercise], practice: Practice, base: Path, initial: str | None) -> None:
        self.index, self.practice, self.base = index, practice, base
        tree = self.query_one(Tree)
        tree.clear()
        target = None
        titles = {t.id: t.title for t in self.app.roadmap.topics}
        for topic in [t.id for t in self.app.roadmap.topics]:
            mine = core.by_topic(index, topic)
            if not mine:
                continue
            branch = tree.root.add(titles.get(topic, topic), expand=any(e.id == initial for e in mine))
            for exercise in mine:
                node = branch.add_leaf(self._label(exercise), data=exercise.id)
                self.nodes[exercise.id] = node
                if exercise.id == initial:
                    target = node
        tree.focus()
        if target is not None:
            self.call_after_refresh(tree.move_cursor, target)  # line numbers exist after a refresh
            self.show(target.data)
        elif tree.root.children:
            tree.move_cursor_to_line(0)
        else:  # a roadmap of the learner's own whose topics have no exercises
            self.query_one("#practice-task", Markdown).update("*No exercises for the topics of this roadmap.*")
            self._status("No exercises for the topics of this roadmap.", "warning")

    def _label(self, exercise: core.Exercise) -> str:
        mark = "[green]✓[/green]" if exercise.id in self.practice.passed() else "·"
        return f"{mark} {exercise.title}"

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data:
            self.show(event.node.data)

    def show(self, exercise_id: str) -> None:
        exercise = self.index[exercise_id]
        self.selected = exercise_id
        try:
            task = exercise.task()
        except AiengError as exc:
            task = f"*{exc}*"
        mine = core.workspace(exercise, self.base) / exercise.file if self.base else exercise.file
        hints = self.practice.results.get(exercise_id)
        used = hints.hints_used if hints else 0
        page = (
            f"{task}\n\n---\n**Your file:** `{mine}`  \n"
            f"Edit it in your editor, then press **c** to check · **h** hint ({used}/{len(exercise.hints)} shown) · "
            "**o** copy the exercise into your practice folder"
        )
        self.query_one("#practice-task", Markdown).update(page)
        self.query_one("#practice-scroll", VerticalScroll).scroll_home(animate=False)
        self._status("")
        self.query_one("#practice-output", Static).update("")

    def _status(self, text: str, kind: str = "") -> None:
        colour = {"passed": "green", "error": "red", "failed": "red", "busy": "yellow"}.get(kind, "")
        line = Text(text, style=colour)
        self.query_one("#practice-status", Static).update(line)

    def _exercise(self) -> core.Exercise | None:
        if self.selected is None or self.base is None:
            self.notify("Select an exercise first.", severity="warning")
            return None
        return self.index[self.selected]

    def action_open(self) -> None:
        if (exercise := self._exercise()) is not None:
            self.open_copy(exercise)

    @work(thread=True, group="practice-open")
    def open_copy(self, exercise: core.Exercise) -> None:
        try:
            prepared = core.start(exercise, self.base, self.store)
        except AiengError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Ready in {prepared.folder}")

    def action_check(self) -> None:
        if (exercise := self._exercise()) is not None:
            self._status(f"Checking {exercise.file}…", "busy")
            self.run_check(exercise)

    @work(thread=True, exclusive=True, group="practice-check")
    def run_check(self, exercise: core.Exercise) -> None:
        try:
            prepared, result = core.run_check(exercise, self.base, self.store)
            practice = self.store.load()
        except AiengError as exc:
            self.app.call_from_thread(self._status, str(exc), "error")
            return
        self.app.call_from_thread(self._checked, exercise, prepared.restored, result, practice)

    def _checked(self, exercise: core.Exercise, restored: list[str], result: CheckResult, practice: Practice) -> None:
        self.practice = practice
        mark = "✓" if result.ok else "✗"
        self._status(f"{mark} {result.headline}", result.outcome)
        lines = [f"Restored {name} from the shipped exercise." for name in restored]
        lines += [f"{f.test}: {f.message}" + (f" ({f.where})" if f.where else "") for f in result.failures]
        tail = result.output.rstrip().splitlines()[-OUTPUT_LINES:]
        self.query_one("#practice-output", Static).update(Text("\n".join([*lines, "", *tail]).strip()))
        if exercise.id in self.nodes:
            self.nodes[exercise.id].set_label(self._label(exercise))
        if result.ok:
            self.notify(f"{exercise.id} passes!")

    def action_hint(self) -> None:
        if (exercise := self._exercise()) is not None:
            self.give_hint(exercise)

    @work(thread=True, group="practice-hint")
    def give_hint(self, exercise: core.Exercise) -> None:
        try:
            number, text = core.next_hint(exercise, self.store)
            practice = self.store.load()
        except AiengError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return

        def shown() -> None:
            self.practice = practice
            self.notify(text, title=f"Hint {number}/{len(exercise.hints)}", timeout=20)

        self.app.call_from_thread(shown)
