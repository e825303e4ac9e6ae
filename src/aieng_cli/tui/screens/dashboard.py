"""Dashboard: today at the top (where you stand, due reviews, this week, one next step), then % done
per phase, 30-day activity, next topics and Ollama. Days are the learner's local days."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ...errors import AiengError
from ...overview import DayActivity, Overview, activity, overview, streak, text_bar
from ...practice import started_summary
from ...today import Today, local_day, local_zone, today

NARROW = 80  # columns: below this the activity charts go under the phase bars


class DashboardScreen(Screen[None]):
    practice_line = ""  # shown under Next once the learner has practised (issue 15)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static("Loading your progress…", id="summary")
            with Horizontal(id="dash-row"):
                yield Static("", id="phases")
                with Vertical(id="activity"):
                    yield Static("Reviews per day · last 30 days", classes="caption")
                    yield Sparkline([], id="reviews-chart")
                    yield Static("Average score per day (0-4)", classes="caption")
                    yield Sparkline([], id="scores-chart")
                    yield Static("", id="activity-caption", classes="caption")
            yield Static("[b]Next[/b] · ↑ ↓ and enter", id="next", classes="caption")
            yield OptionList(id="next-list")
            yield Static("Ollama: checking…", id="ollama")
        yield Footer()

    def next_count(self) -> int:
        """How many next topics to list: a tall terminal lists more instead of showing empty rows."""
        return max(3, min(12, self.size.height - 22))

    def on_mount(self) -> None:
        self.sub_title = "Dashboard"
        self.query_one("#next-list", OptionList).focus(scroll_visible=False)  # keep today at the top

    def on_screen_resume(self) -> None:
        self.refresh_data()
        self.check_ollama()

    def on_resize(self) -> None:
        self.query_one("#dash-row").set_class(self.size.width < NARROW, "narrow")
        self.refresh_data()  # phase titles take the width the terminal now allows

    @work(thread=True, exclusive=True, group="dashboard-data")
    def refresh_data(self) -> None:
        """Load and compute off the UI thread; only the widget updates run on it."""
        try:
            progress = self.app.store.load()
            zone = local_zone(self.app.settings.timezone)
        except AiengError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            return
        now = self.app.now()
        day = local_day(now, zone)
        days = activity(progress.reviews, day, zone)
        try:
            view = overview(self.app.roadmap, progress, next_count=self.next_count(), now=now, zone=zone)
            plan_day = today(self.app.roadmap, progress, now, zone)
        except AiengError:
            view = plan_day = None  # no track chosen yet
        practised = started_summary(self.app.roadmap, progress)
        self.practice_line = practised.line() if practised else ""
        self.app.call_from_thread(self._show, days, view, plan_day, streak(progress.reviews, day, zone))

    def _show_error(self, message: str) -> None:
        self.query_one("#summary", Static).update(f"[red]{escape(message)}[/red]")

    def _show(self, days: list[DayActivity], view: Overview | None, plan_day: Today | None, streak_days: int) -> None:
        self.query_one("#reviews-chart", Sparkline).data = [d.reviews for d in days]
        self.query_one("#scores-chart", Sparkline).data = [d.average_score for d in days]
        total = sum(d.reviews for d in days)
        self.query_one("#activity-caption", Static).update(
            f"{total} in 30 days · best day {max(d.reviews for d in days)}"
        )
        if view is None or plan_day is None:
            self.query_one("#summary", Static).update(
                "[b]No track chosen yet.[/b] Run [b]aieng plan[/b] in your shell to pick one; "
                "meanwhile browse the [b]r[/b]oadmap or take a [b]z[/b] quiz."
            )
            self.query_one("#phases", Static).update("")
            self._show_next([("roadmap", "Browse the roadmap"), ("quiz", "Take a quiz")])
            return
        self.query_one("#summary", Static).update(today_panel(plan_day, view, streak_days))
        width = max(26, min(38, self.app.size.width // 2 - 20))  # phase titles get what the terminal allows
        lines = [
            f"{escape(p.title[:width]):{width}} [green]{text_bar(p.percent, 12)}[/green] {p.percent:3}%"
            for p in view.phases
        ]
        self.query_one("#phases", Static).update("\n".join(lines))
        actions = []
        if plan_day.due:
            count = len(plan_day.due)
            actions.append(("quiz", f"Review {count} due {'topic' if count == 1 else 'topics'} now (z)"))
        actions += [(f"topic:{t.id}", f"Study {t.title}") for t in view.next_topics]
        if self.practice_line:
            actions.append(("practice", f"{self.practice_line} (p)"))
        self._show_next(actions or [("roadmap", "Every topic is done or skipped: browse the roadmap")])

    def _show_next(self, actions: list[tuple[str, str]]) -> None:
        """What to do next, as a list to pick from: enter on a row does it."""
        listing = self.query_one("#next-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(Text(label), id=key) for key, label in actions])
        listing.highlighted = min(highlighted or 0, len(actions) - 1)

    @on(OptionList.OptionSelected, "#next-list")
    def _do_next(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key == "quiz":
            self.app.action_quiz()
        elif key == "practice":
            self.app.action_practice()
        elif key.startswith("topic:"):
            self.app.action_roadmap(key.removeprefix("topic:"))
        else:
            self.app.action_roadmap()

    @work(thread=True, exclusive=True, group="dashboard-ollama")
    def check_ollama(self) -> None:
        tutor = self.app.tutor()
        if tutor is None:
            text = "[yellow]Ollama: offline — you started with --offline; quizzes use the bank.[/yellow]"
        else:
            health = tutor.health()
            if health.ok:
                text = f"[green]Ollama: {health.summary}[/green]"
            else:
                text = f"[yellow]Ollama: offline — {health.summary}. Quizzes use the bank.[/yellow]"
        self.app.call_from_thread(self.query_one("#ollama", Static).update, text)


def today_panel(day: Today, view: Overview, streak_days: int) -> str:
    """The top panel: the same today object `aieng today` prints, with TUI keys for the next step."""
    due = len(day.due)
    lines = [
        f"[b]{escape(day.track_title)}[/b] · {escape(day.standing)} · {view.percent}% done · "
        f"[b]{due}[/b] {'review' if due == 1 else 'reviews'} due today"
    ]
    marks = {"done": " ✓", "learning": " (learning)"}
    week = ", ".join(f"{escape(i.title)} {i.hours:g} h{marks.get(i.status, '')}" for i in day.this_week)
    lines.append(f"[b]This week:[/b] {week or 'nothing planned'} · streak [b]{_days(streak_days)}[/b]")
    lines.append(f"[b]Now:[/b] {escape(day.next.reason)} {_key_hint(day.next.command)}")
    for line in day.projects:
        lines.append(f"[b]Project:[/b] {escape(line)} (shell: [b]aieng check[/b])")
    if day.offer_replan:
        behind = _weeks(day.weeks_behind)
        lines.append(f"[yellow]Behind by {behind}: run [b]aieng plan --replan[/b] in your shell.[/yellow]")
    return "\n".join(lines)


def _key_hint(command: str) -> str:
    """The TUI way to do what the CLI command does."""
    if command == "aieng quiz":
        return "([b]z[/b])"
    if command.startswith(("aieng topic", "aieng quiz")):
        return "([b]r[/b]oadmap)"
    return f"(shell: [b]{escape(command)}[/b])"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"
