"""Terminal display of a run: one renderer for events, used live (rich) and by `agent replay`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.panel import Panel
from rich.spinner import Spinner
from rich.text import Text

from .trace import Event


def _short(value: Any, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_event(event: Event, team: bool = False) -> Any | None:
    """A rich renderable for one event, or None for events not shown."""
    kind = event.get("event")
    who = f"[magenta]{escape(event.get('agent', ''))}[/] " if team else ""
    if kind == "run_start":
        return Text.from_markup(
            f"{who}[bold]Goal:[/] {escape(event['goal'])}  [dim]({escape(event.get('model', ''))})[/]"
        )
    if kind in ("plan", "replan", "delegation"):
        title = {"plan": "Plan", "replan": "Re-plan", "delegation": "Delegation"}[kind]
        items = event.get("steps") or event.get("tasks") or []
        lines = [
            f"{i}. {escape(s.get('description') or s.get('task', ''))}"
            + (
                f" [dim]→ {escape(s.get('tool') or s.get('specialist') or '')}[/]"
                if (s.get("tool") or s.get("specialist"))
                else ""
            )
            for i, s in enumerate(items, 1)
        ]
        if kind == "replan":
            lines.insert(0, f"[yellow]because: {escape(_short(event.get('reason', '')))}[/]")
        if event.get("fallback"):
            lines.append("[yellow](the model gave no valid plan twice: fell back to one step)[/]")
        return Panel("\n".join(lines), title=f"{who}{title}", title_align="left", expand=False)
    if kind == "recall":
        return Text.from_markup(f"{who}[cyan]recalled[/] {escape(_short(event.get('facts')))}")
    if kind == "step_start":
        return Text.from_markup(f"{who}[bold blue]▶ step {event['index']}[/] {escape(event['description'])}")
    if kind == "tool_call":
        return Text.from_markup(
            f"{who}  [cyan]⚙ {escape(event['name'])}[/]({escape(_short(event.get('arguments', {})))})"
        )
    if kind == "tool_result":
        if event.get("ok"):
            return Text.from_markup(f"{who}    [green]↳[/] {escape(_short(event.get('output', '')))}")
        return Text.from_markup(f"{who}    [red]✗ {escape(_short(event.get('error', '')))}[/]")
    if kind == "step_end":
        if event.get("ok"):
            return Text.from_markup(f"{who}[green]✔ step {event['index']}[/] {escape(_short(event.get('result', '')))}")
        return Text.from_markup(
            f"{who}[red]✘ step {event['index']} failed:[/] {escape(_short(event.get('error', '')))}"
        )
    if kind == "memory_summarised":
        return Text.from_markup(f"{who}[dim]short-term memory summarised ({event.get('size')} chars)[/]")
    if kind == "budget_exceeded":
        return Text.from_markup(f"{who}[bold red]budget exceeded:[/] {escape(event.get('reason', ''))}")
    if kind == "answer" and (not team or event.get("agent") == "coordinator"):
        style = "green" if event.get("status") == "done" else "red"
        return Panel(escape(event.get("text", "")), title=f"{who}Answer", border_style=style, title_align="left")
    if kind == "run_end" and (not team or event.get("agent") == "coordinator"):
        usage = event.get("usage", {})
        extra = f" error: {escape(event['error'])}" if event.get("error") else ""
        return Text.from_markup(
            f"[dim]{event.get('status')} · {usage.get('steps', 0)} steps · {usage.get('tool_calls', 0)} tool calls"
            f" · {usage.get('seconds', 0)}s{extra}[/]"
        )
    return None


class LiveDisplay:
    """A sink that prints each event as it happens, under a spinner showing the current activity."""

    def __init__(self, console: Console, team: bool = False) -> None:
        self.console = console
        self.team = team
        self._spinner = Spinner("dots", text="starting…")
        self._live = Live(self._spinner, console=console, refresh_per_second=10, transient=True)
        self._streamed = ""

    def __enter__(self) -> LiveDisplay:
        self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.stop()

    def __call__(self, event: Event) -> None:
        renderable = render_event(event, self.team)
        if renderable is not None:
            self.console.print(renderable)
        kind = event.get("event")
        self._streamed = ""
        if kind == "step_start":
            self._spinner.update(text=f"step {event['index']}: thinking…")
        elif kind == "tool_call":
            self._spinner.update(text=f"running {event['name']}…")
        elif kind in ("plan", "replan", "tool_result"):
            self._spinner.update(text="thinking…")

    def on_text(self, text: str) -> None:
        """Streamed model tokens: show the tail in the spinner line."""
        self._streamed = (self._streamed + text)[-200:]
        self._spinner.update(text=_short(self._streamed, 70))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Stop the live region while the user answers a prompt."""
        self._live.stop()
        try:
            yield
        finally:
            self._live.start()


def replay(events: Iterable[Event], console: Console) -> int:
    """Print a recorded run the way it looked live; return the number of events."""
    events = list(events)
    team = len({e.get("agent") for e in events}) > 1
    for event in events:
        renderable = render_event(event, team)
        if renderable is not None:
            console.print(renderable)
    return len(events)
