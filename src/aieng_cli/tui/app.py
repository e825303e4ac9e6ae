"""The study app: loads the roadmap off the UI thread, then shows the dashboard.

Screens call the core (overview, pages, tutor.session); none of the logic lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import LoadingIndicator

from ..errors import AiengError
from ..progress import ProgressStore, default_store, utcnow
from ..roadmap import Roadmap, load_roadmap
from ..settings import Settings, load_settings

if TYPE_CHECKING:  # the LLM module costs ~75 ms to import; workers load it when needed
    from ..tutor.llm import Tutor


class LoadingScreen(Screen[None]):
    def compose(self):
        yield LoadingIndicator()


class StudyApp(App[None]):
    CSS_PATH = "study.tcss"
    TITLE = "aieng study"
    BINDINGS = [
        Binding("d", "dashboard", "Dashboard", id="dashboard"),
        Binding("r", "roadmap", "Roadmap", id="roadmap"),
        Binding("z", "quiz", "Quiz due", id="quiz"),
        Binding("p", "practice", "Practice", id="practice", show=False),  # in the palette and help; footers stay short
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+c", "force_quit", "Quit", id="quit-ctrl-c", show=False, priority=True),
    ]
    # Single-letter keys must never fire while the learner types an answer or a question.
    TYPING_SCREENS = ("QuizScreen", "TutorScreen")
    LETTER_ACTIONS = {"dashboard", "roadmap", "quiz", "practice", "help", "quit"}

    def __init__(
        self,
        roadmap_path: Path | None = None,
        store: ProgressStore | None = None,
        settings: Settings | None = None,
        offline: bool = False,
        topic: str | None = None,
        now: Callable[[], datetime] = utcnow,
        tutor_factory: Callable[[], Tutor] | None = None,
    ) -> None:
        super().__init__()
        self.roadmap_path = roadmap_path
        self.store = store or default_store()
        self.settings = settings or load_settings()
        self.offline = offline
        self.start_topic = topic
        self.now = now
        self._tutor_factory = tutor_factory
        self.roadmap: Roadmap | None = None
        self.error: str | None = None  # why the app stopped early, for the CLI to print
        self.chats: dict[str, list[dict[str, str]]] = {}  # tutor conversations by topic, for the session

    # Start-up -----------------------------------------------------------------

    def on_mount(self) -> None:
        import asyncio

        from .executor import DaemonThreadExecutor

        # Workers on daemon threads: q and ctrl+c never wait for a model call to give up.
        asyncio.get_running_loop().set_default_executor(DaemonThreadExecutor())
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(
                f"Unknown theme {self.settings.theme!r}; try one of: {', '.join(self.available_themes)}",
                severity="warning",
            )
        self.push_screen(LoadingScreen())
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            roadmap = load_roadmap(self.roadmap_path)
            if self.start_topic:
                roadmap.topic(self.start_topic)
        except AiengError as exc:
            self.call_from_thread(self._fail, str(exc))
            return
        self.call_from_thread(self._loaded, roadmap)

    def _fail(self, message: str) -> None:
        self.error = message
        self.exit(return_code=1)

    async def _loaded(self, roadmap: Roadmap) -> None:
        from .screens.dashboard import DashboardScreen

        self.roadmap = roadmap
        await self.switch_screen(DashboardScreen())
        if self.start_topic:
            self.action_quiz(self.start_topic)

    def tutor(self) -> Tutor | None:
        """The process-wide tutor client, or None when studying offline."""
        if self.offline:
            return None
        if self._tutor_factory is not None:
            return self._tutor_factory()
        from ..tutor.llm import ollama_tutor  # imports ollama: only ever called from workers

        return ollama_tutor(
            self.settings.host, self.settings.model, self.settings.timeout, self.settings.health_timeout
        )

    # Navigation ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = type(self.screen).__name__
        if action in self.LETTER_ACTIONS and screen in self.TYPING_SCREENS:
            return False
        if (action, screen) in (("roadmap", "RoadmapScreen"), ("dashboard", "DashboardScreen")):
            return False  # no footer room for a key that goes where you already are
        if screen == "PracticeScreen" and action in ("roadmap", "quiz"):
            return False  # its own keys fill the footer; d leads to both
        return True

    def action_force_quit(self) -> None:
        """Ctrl+C: leave at once; every graded answer is already saved."""
        self.exit()

    def _ensure_loaded(self) -> bool:
        return self.roadmap is not None

    def action_dashboard(self) -> None:
        from .screens.dashboard import DashboardScreen

        if self._ensure_loaded() and not isinstance(self.screen, DashboardScreen):
            self._go_home_then()

    def action_roadmap(self, topic_id: str | None = None) -> None:
        from .screens.roadmap import RoadmapScreen

        if not self._ensure_loaded():
            return
        if isinstance(self.screen, RoadmapScreen):
            if topic_id:
                self.screen.select_topic(topic_id)
            return
        self._go_home_then(lambda: self.push_screen(RoadmapScreen(topic_id)))

    def action_quiz(self, topic_id: str | None = None) -> None:
        from .screens.quiz import QuizScreen

        if self._ensure_loaded():
            self.push_screen(QuizScreen(topic_id))

    def action_practice(self, exercise_id: str | None = None) -> None:
        from .screens.practice import PracticeScreen

        if self._ensure_loaded() and not isinstance(self.screen, PracticeScreen):
            self._go_home_then(lambda: self.push_screen(PracticeScreen(exercise_id)))

    def action_chat(self, topic_id: str) -> None:
        from .screens.tutor import TutorScreen

        if self._ensure_loaded():
            self.push_screen(TutorScreen(topic_id))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _go_home(self) -> None:
        """Pop back to the dashboard, the bottom of the screen stack."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def _go_home_then(self, then: Callable[[], object] | None = None) -> None:
        """Back to the dashboard, then `then`; a quiz with an unsaved answer asks first."""
        from .screens.quiz import QuizScreen

        def go() -> None:
            self._go_home()
            if then is not None:
                then()

        drafts = [s for s in self.screen_stack if isinstance(s, QuizScreen) and s.has_draft]
        if drafts:
            drafts[-1].confirm_leaving(go)
        else:
            go()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.roadmap is None:
            return
        yield SystemCommand("Dashboard", "Track progress, due reviews, activity", self.action_dashboard)
        yield SystemCommand("Roadmap", "Phases and topics; open a topic page", self.action_roadmap)
        yield SystemCommand("Quiz: due reviews", "Due topics first, then new ones", self.action_quiz)
        yield SystemCommand("Practice", "Hands-on exercises: make failing tests pass", self.action_practice)
        yield SystemCommand("Help", "Keys for every screen", self.action_help)
        for topic in self.roadmap.topics:
            yield SystemCommand(f"Open topic: {topic.title}", topic.id, lambda t=topic.id: self.action_roadmap(t))
            yield SystemCommand(f"Quiz topic: {topic.title}", topic.id, lambda t=topic.id: self.action_quiz(t))
            yield SystemCommand(f"Tutor chat: {topic.title}", topic.id, lambda t=topic.id: self.action_chat(t))
