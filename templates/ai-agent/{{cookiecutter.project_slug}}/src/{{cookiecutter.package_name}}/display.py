"""Terminal display of a run: one renderer for events, used live (rich) and by `agent replay`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.panel import Panel
from rich.spinner import Spinner
from rich.text import Text

from .observe.trace import Event

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Model or tool text made safe for a terminal: control characters (ANSI escapes too) shown, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe(value: Any, limit: int | None = None) -> str:
    """Any value as Rich-markup-safe, control-free text: what every model-controlled string goes through."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if limit is not None:
        text = " ".join(text.split())
        text = text if len(text) <= limit else text[: limit - 1] + "…"
    return escape(visible(text))


def _short(value: Any, limit: int = 160) -> str:
    return safe(value, limit)


def render_event(event: Event, team: bool = False) -> Any | None:
    """A rich renderable for one event, or None for events not shown."""
    kind = event.get("event")
    who = f"[magenta]{safe(event.get('agent', ''))}[/] " if team else ""
    if kind == "run_start":
        return Text.from_markup(
            f"{who}[bold]Goal:[/] {safe(event.get('goal', ''))}  [dim]({safe(event.get('model', ''))})[/]"
        )
    if kind in ("plan", "replan", "delegation"):
        title = {"plan": "Plan", "replan": "Re-plan", "delegation": "Delegation"}[kind]
        items = event.get("steps") or event.get("tasks") or []
        lines = [
            f"{i}. {safe(s.get('description') or s.get('task', ''))}"
            + (
                f" [dim]→ {safe(s.get('tool') or s.get('specialist') or '')}[/]"
                if (s.get("tool") or s.get("specialist"))
                else ""
            )
            for i, s in enumerate(items, 1)
        ]
        if kind == "replan":
            lines.insert(0, f"[yellow]because: {(_short(event.get('reason', '')))}[/]")
        if event.get("fallback"):
            lines.append("[yellow](the model gave no valid plan twice: fell back to one step)[/]")
        return Panel("\n".join(lines), title=f"{who}{title}", title_align="left", expand=False)
    if kind == "recall":
        return Text.from_markup(f"{who}[cyan]recalled[/] {(_short(event.get('facts')))}")
    if kind == "step_start":
        return Text.from_markup(
            f"{who}[bold blue]▶ step {safe(event.get('index', '?'))}[/] {safe(event.get('description', ''))}"
        )
    if kind == "tool_call":
        return Text.from_markup(
            f"{who}  [cyan]⚙ {safe(event.get('name', ''))}[/]({(_short(event.get('arguments', {})))})"
        )
    if kind == "tool_result":
        if event.get("ok"):
            return Text.from_markup(f"{who}    [green]↳[/] {(_short(event.get('output', '')))}")
        return Text.from_markup(f"{who}    [red]✗ {(_short(event.get('error', '')))}[/]")
    if kind == "step_end":
        if event.get("ok"):
            return Text.from_markup(
                f"{who}[green]✔ step {safe(event.get('index', '?'))}[/] {(_short(event.get('result', '')))}"
            )
        return Text.from_markup(
            f"{who}[red]✘ step {safe(event.get('index', '?'))} failed:[/] {(_short(event.get('error', '')))}"
        )
    if kind == "retry":
        return Text.from_markup(f"{who}    [yellow]↻ retry:[/] {_short(event.get('reason', ''))}")
    if kind == "context_trimmed":
        return Text.from_markup(
            f"{who}[dim]context trimmed to fit: {safe(event.get('dropped'))} old messages dropped, "
            f"{safe(event.get('shortened'))} tool results shortened[/]"
        )
    if kind == "memory_summarised":
        return Text.from_markup(f"{who}[dim]short-term memory summarised ({event.get('size')} chars)[/]")
    if kind == "budget_exceeded":
        return Text.from_markup(f"{who}[bold red]budget exceeded:[/] {safe(event.get('reason', ''))}")
    if kind == "answer" and (not team or event.get("agent") == "coordinator"):
        style = "green" if event.get("status") == "done" else "red"
        return Panel(safe(event.get("text", "")), title=f"{who}Answer", border_style=style, title_align="left")
    if kind == "run_end" and (not team or event.get("agent") == "coordinator"):
        usage: dict[str, Any] = event["usage"] if isinstance(event.get("usage"), dict) else {}
        reason = event.get("reason") or event.get("error")
        extra = f" · {safe(reason, 200)}" if reason and event.get("status") != "done" else ""
        return Text.from_markup(
            f"[dim]{safe(event.get('status'))} · {safe(usage.get('steps', 0))} steps · "
            f"{safe(usage.get('tool_calls', 0))} tool calls · {safe(usage.get('tokens', 0))} tokens"
            f" · {safe(usage.get('seconds', 0))}s{extra}[/]"
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
            self._spinner.update(text=f"step {safe(event.get('index', '?'))}: thinking…")
        elif kind == "tool_call":
            self._spinner.update(text=f"running {safe(event.get('name', ''))}…")
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


# aieng:stage 6 begin
def replay(events: Iterable[Event], console: Console) -> int:
    """Print a recorded run the way it looked live; return the number of events."""
    events = list(events)
    team = len({str(e.get("agent")) for e in events}) > 1
    for number, event in enumerate(events, 1):
        try:
            renderable = render_event(event, team)
        except (KeyError, TypeError, ValueError, AttributeError) as e:  # a hand-edited trace
            renderable = Text(f"(event {number} cannot be shown: {type(e).__name__})", style="yellow")
        if renderable is not None:
            console.print(renderable)
    return len(events)
# aieng:stage 6 stub
def replay(events: Iterable[Event], console: Console) -> int:
    """Print a recorded run the way it looked live; return the number of events.

    Render each event with `render_event` (events it does not show are skipped), with agent names
    when more than one agent took part (a team). An event that cannot be rendered (a hand-edited
    trace: KeyError, TypeError, ValueError, AttributeError) prints one yellow line
    `(event N cannot be shown: ErrorType)` instead of a traceback. See STAGES.md, stage 6.
    """
    raise NotImplementedError("stage 6: print each recorded event as it looked live")
# aieng:stage 6 end


PREVIEW_CHARS = 1500


def approval_text(name: str, arguments: dict[str, Any]) -> tuple[Text, str]:
    """(the question as plain Text, the full arguments): never parsed as markup, control characters shown."""
    full = visible(json.dumps(arguments, indent=2, ensure_ascii=False, default=str))
    preview = (
        full
        if len(full) <= PREVIEW_CHARS
        else full[:PREVIEW_CHARS] + f"\n… {len(full) - PREVIEW_CHARS} more characters"
    )
    question = Text()
    question.append("The agent wants to run ", style="bold")
    question.append(visible(name), style="bold cyan")
    question.append(" with these arguments:\n", style="bold")
    question.append(preview)
    return question, full


def ask_approval(console: Console, name: str, arguments: dict[str, Any], ask: Any = None) -> bool:
    """Ask a person; `v` shows the full arguments first. `ask` is rich's Prompt.ask (replaceable in tests)."""
    from rich.prompt import Prompt

    ask = ask or Prompt.ask
    question, full = approval_text(name, arguments)
    console.print(Panel(question, title="approval", title_align="left", border_style="yellow"))
    while True:
        answer = ask("Allow? (y)es, (n)o, (v)iew all arguments", choices=["y", "n", "v"], default="n", console=console)
        if answer != "v":
            return bool(answer == "y")
        console.print(Text(full))
