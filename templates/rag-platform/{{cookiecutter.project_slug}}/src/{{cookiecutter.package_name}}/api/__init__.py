"""The HTTP API: one module per group of routes, assembled by `create_app`."""

from .app import create_app

__all__ = ["create_app"]
