"""The `aieng` command line: thin Typer commands over the core library."""

from .app import app, main

__all__ = ["app", "main"]
