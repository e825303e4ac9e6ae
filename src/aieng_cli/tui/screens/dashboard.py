"""Dashboard: track, % done per phase, due reviews, streak, 30-day activity, next topics, Ollama."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Sparkline, Static

from ...errors import AiengError
from ...overview import activity, overview, streak, text_bar
from ...progress import Progress


class DashboardScreen(Screen[None]):
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
            yield Static("", id="next")
            yield Static("Ollama: checking…", id="ollama")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.refresh_data()
        self.check_ollama()

    def on_resize(self) -> None:
        self.refresh_data()  # phase titles take the width the terminal now allows

    @work(thread=True, exclusive=True, group="dashboard-data")
    def refresh_data(self) -> None:
        try:
            progress = self.app.store.load()
        except AiengError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            return
        self.app.call_from_thread(self._show, progress)

    def _show_error(self, message: str) -> None:
        self.query_one("#summary", Static).update(f"[red]{message}[/red]")

    def _show(self, progress: Progress) -> None:
        roadmap, now = self.app.roadmap, self.app.now()
        today = now.date()
        days = activity(progress.reviews, today)
        self.query_one("#reviews-chart", Sparkline).data = [d.reviews for d in days]
        self.query_one("#scores-chart", Sparkline).data = [d.average_score for d in days]
        total = sum(d.reviews for d in days)
        self.query_one("#activity-caption", Static).update(
            f"{total} in 30 days · best day {max(d.reviews for d in days)}"
        )
        try:
            view = overview(roadmap, progress, now=now)
        except AiengError:
            self.query_one("#summary", Static).update(
                "[b]No track chosen yet.[/b] Run [b]aieng plan[/b] in your shell to pick one; "
                "meanwhile browse the [b]r[/b]oadmap or take a [b]z[/b] quiz."
            )
            self.query_one("#phases", Static).update("")
            self.query_one("#next", Static).update("")
            return
        self.query_one("#summary", Static).update(
            f"[b]{view.track_title}[/b] · {view.percent}% done · "
            f"[b]{len(view.due)}[/b] {'review' if len(view.due) == 1 else 'reviews'} due today · "
            f"streak [b]{_days(streak(progress.reviews, today))}[/b]"
        )
        width = max(26, min(38, self.app.size.width // 2 - 20))  # phase titles get what the terminal allows
        lines = [
            f"{p.title[:width]:{width}} [green]{text_bar(p.percent, 12)}[/green] {p.percent:3}%" for p in view.phases
        ]
        self.query_one("#phases", Static).update("\n".join(lines))
        upcoming = "  ·  ".join(t.title for t in view.next_topics) or "every topic is done or skipped"
        self.query_one("#next", Static).update(f"[b]Next:[/b] {upcoming}")

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


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
