"""Versioned, labelled prompts with rollback and traceable rendering."""

import hashlib  # noqa: F401
from dataclasses import dataclass


@dataclass(frozen=True)
class PromptVersion:
    name: str
    version: int
    template: str
    sha256: str


class PromptRegistry:
    def __init__(self) -> None:
        # TODO
        pass

    def register(self, name: str, template: str) -> PromptVersion:
        # TODO
        raise NotImplementedError

    def get(self, name: str, version: int | None = None, label: str | None = None) -> PromptVersion:
        # TODO
        raise NotImplementedError

    def set_label(self, name: str, label: str, version: int) -> None:
        # TODO
        raise NotImplementedError

    def rollback(self, name: str, label: str) -> PromptVersion:
        # TODO
        raise NotImplementedError

    def render(self, name: str, label: str, **values: str) -> tuple[str, dict]:
        # TODO
        raise NotImplementedError
