"""Rich rendering for the interactive commands. No logic, no I/O but the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from ..roadmap import Roadmap


def console() -> Console:
    """NO_COLOR: no styles at all, as in the plain commands (Rich alone would keep bold and dim)."""
    from .terminal import no_color

    return Console(highlight=False, color_system=None if no_color() else "auto")


def tracks_summary(roadmap: Roadmap) -> Table:
    """One row per track: the number and id to type (never cut), its name, goal and total hours."""
    from rich import box

    table = Table(
        title="Tracks (aieng plan --details compares them in full)", box=box.SIMPLE_HEAD, pad_edge=False, expand=True
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("id", no_wrap=True, min_width=max(len(t.id) for t in roadmap.tracks), style="bold")
    table.add_column("Track", no_wrap=True, min_width=max(len(t.title) for t in roadmap.tracks))
    table.add_column("Focus", no_wrap=True, overflow="ellipsis", ratio=1)  # one line; --details has it all
    table.add_column("Hours", justify="right", no_wrap=True)
    for number, track in enumerate(roadmap.tracks, 1):
        hours = sum(topic.hours for topic in roadmap.track_topics(track.id))
        table.add_row(str(number), escape(track.id), escape(track.title), escape(track.tagline), f"{hours:g} h")
    return table


def tracks_table(roadmap: Roadmap) -> Table:
    """Every track side by side: goal, for whom, focus, outcomes (`aieng plan --details`)."""
    table = Table(title="The four tracks", show_lines=True, expand=True)
    table.add_column("")
    for number, track in enumerate(roadmap.tracks, 1):
        table.add_column(f"{number}. {track.title}\n[dim]{track.id}[/dim]", ratio=1)
    rows = {
        "Goal": [t.tagline for t in roadmap.tracks],
        "For": ["\n".join(f"• {w}" for w in t.for_whom) for t in roadmap.tracks],
        "Focus": ["\n".join(f"• {f}" for f in t.focus) for t in roadmap.tracks],
        "Outcomes": ["\n".join(f"• {o}" for o in t.outcomes) for t in roadmap.tracks],
    }
    for label, cells in rows.items():
        table.add_row(f"[bold]{label}[/bold]", *cells)
    return table
