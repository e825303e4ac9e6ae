"""Rich rendering for the interactive commands. No logic, no I/O but the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from ..roadmap import Roadmap


def console() -> Console:
    """NO_COLOR: no styles at all, as in the plain commands (Rich alone would keep bold and dim)."""
    from .terminal import no_color

    return Console(highlight=False, color_system=None if no_color() else "auto")


def tracks_table(roadmap: Roadmap) -> Table:
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
