"""Security lint rules for GitHub Actions workflows, given as parsed YAML."""

import re  # noqa: F401


def lint(workflow: dict) -> list[tuple[str, str]]:
    """Sorted (location, rule) findings."""
    # TODO
    raise NotImplementedError
