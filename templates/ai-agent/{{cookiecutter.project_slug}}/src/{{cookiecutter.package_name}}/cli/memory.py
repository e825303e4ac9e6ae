"""Memory commands: remember and recall facts; list, approve and forget them with their provenance."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ..display import safe, visible
from .common import HomeOption, fail, open_memory

memory_app = typer.Typer(help="List, approve and forget long-term memory facts.", no_args_is_help=True)


def remember(
    fact: Annotated[str, typer.Argument(help="A fact to keep across runs.")],
    demo: Annotated[bool, typer.Option("--demo", help="Do not contact Ollama for an embedding.")] = False,
    home: HomeOption = None,
) -> None:
    """Store a fact in long-term memory (your own facts are active at once)."""
    try:
        fact_id = open_memory(home, demo).add(fact, source="user", provenance="agent remember")
    except ValueError as e:
        raise fail(str(e)) from None
    typer.echo(f"remembered fact #{fact_id}")


def recall(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    limit: Annotated[int, typer.Option(help="Most facts to show.")] = 5,
    demo: Annotated[bool, typer.Option("--demo", help="Keyword search only (no Ollama).")] = False,
    home: HomeOption = None,
) -> None:
    """Search long-term memory (embeddings when Ollama is up, else full-text search)."""
    hits = open_memory(home, demo).search(query, limit=limit)
    for hit in hits:
        typer.echo(f"#{hit.id} [{hit.method}] {visible(hit.text)}")
    if not hits:
        typer.echo("no matching facts")


@memory_app.command("list")
def memory_list(
    pending: Annotated[bool, typer.Option("--pending", help="Only quarantined facts.")] = False,
    home: HomeOption = None,
) -> None:
    """Every fact with its status and provenance; quarantined facts wait for `agent memory approve`."""
    facts = open_memory(home, True).facts("pending" if pending else None)
    console = Console()
    for f in facts:
        mark = "[yellow]pending[/]" if f.status == "pending" else "[green]active[/]"
        origin = f" [dim]({safe(f.source)}: {safe(f.provenance, 120)})[/]" if f.provenance else ""
        console.print(f"#{f.id} {mark} {safe(f.text)}{origin}")
    if not facts:
        typer.echo("no facts")


@memory_app.command("forget")
def memory_forget(fact_id: Annotated[int, typer.Argument(help="The fact's number.")], home: HomeOption = None) -> None:
    """Delete a fact."""
    if not open_memory(home, True).forget(fact_id):
        raise fail(f"no fact #{fact_id}")
    typer.echo(f"forgot fact #{fact_id}")


@memory_app.command("approve")
def memory_approve(fact_id: Annotated[int, typer.Argument(help="The fact's number.")], home: HomeOption = None) -> None:
    """Make a quarantined fact active: later runs will recall it."""
    if not open_memory(home, True).approve(fact_id):
        raise fail(f"no fact #{fact_id}")
    typer.echo(f"fact #{fact_id} is active")
