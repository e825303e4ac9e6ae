"""Sanity checks for a Kubernetes Deployment serving an AI model."""

import re  # noqa: F401


def parse_memory(text: str) -> int:
    # TODO
    raise NotImplementedError


def check(deployment: dict) -> list[tuple[str, str]]:
    # TODO
    raise NotImplementedError
