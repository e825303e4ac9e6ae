"""An input rail against prompt injection, its evaluation, and a sentence-level streaming output rail."""

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

RULES = {
    "ignore_instructions": re.compile(
        r"\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|all)\b.{0,30}\b(instructions|rules|prompts?)\b"
    ),
    "reveal_prompt": re.compile(r"\b(reveal|show|print|repeat)\b.{0,30}\b(system prompt|hidden instructions)\b"),
    "role_override": re.compile(r"\byou are now\b.{0,40}\b(unrestricted|jailbroken|developer mode)\b"),
}

_SENTENCE_END = re.compile(r"[.!?\n]")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({ord(ch): None for ch in ZERO_WIDTH})
    return " ".join(text.casefold().split())


def check(text: str, max_chars: int = 8000) -> tuple[bool, str | None]:
    if len(text) > max_chars:
        return False, "too_long"
    clean = normalize(text)
    for name, pattern in RULES.items():
        if pattern.search(clean):
            return False, name
    return True, None


def evaluate(labelled: list[tuple[str, bool]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for text, is_attack in labelled:
        blocked = not check(text)[0]
        if blocked and is_attack:
            tp += 1
        elif blocked:
            fp += 1
        elif is_attack:
            fn += 1
        else:
            tn += 1
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "false_positive_rate": fp / (fp + tn) if fp + tn else 0.0,
    }


def guard_stream(chunks: Iterable[str], is_unsafe: Callable[[str], bool], refusal: str) -> Iterator[str]:
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        while (match := _SENTENCE_END.search(buffer)) is not None:
            sentence, buffer = buffer[: match.end()], buffer[match.end() :]
            if is_unsafe(sentence):
                yield refusal
                return
            yield sentence
    if buffer:
        if is_unsafe(buffer):
            yield refusal
            return
        yield buffer
