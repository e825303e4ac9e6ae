"""An input rail against prompt injection, its evaluation, and a sentence-level streaming output rail."""

import re
import unicodedata  # noqa: F401
from collections.abc import Callable, Iterable, Iterator

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

RULES = {
    "ignore_instructions": re.compile(
        r"\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|all)\b.{0,30}\b(instructions|rules|prompts?)\b"
    ),
    "reveal_prompt": re.compile(r"\b(reveal|show|print|repeat)\b.{0,30}\b(system prompt|hidden instructions)\b"),
    "role_override": re.compile(r"\byou are now\b.{0,40}\b(unrestricted|jailbroken|developer mode)\b"),
}


def normalize(text: str) -> str:
    # TODO
    raise NotImplementedError


def check(text: str, max_chars: int = 8000) -> tuple[bool, str | None]:
    # TODO
    raise NotImplementedError


def evaluate(labelled: list[tuple[str, bool]]) -> dict[str, float]:
    # TODO
    raise NotImplementedError


def guard_stream(chunks: Iterable[str], is_unsafe: Callable[[str], bool], refusal: str) -> Iterator[str]:
    # TODO
    raise NotImplementedError
