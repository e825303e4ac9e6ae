"""Detect and redact personal data with checksum validation and reversible placeholders."""

import re
from collections.abc import Callable

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\d\w])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d)")
_PHONE = re.compile(r"(?<![\w+])\+\d(?:[ .-]?\d){7,14}(?![ .-]?\d)")


def luhn_valid(digits: str) -> bool:
    """Luhn checksum of a string of digits."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """ISO 13616 mod-97 check (spaces ignored)."""
    compact = text.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def redact(text: str) -> tuple[str, dict[str, str]]:
    """Replace emails, IBANs, card numbers and phone numbers by [TYPE_n] placeholders."""
    mapping: dict[str, str] = {}
    by_value: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}

    def replacer(kind: str, check: Callable[[str], bool]) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            value = match.group(0)
            if not check(value):
                return value
            if (kind, value) not in by_value:
                counters[kind] = counters.get(kind, 0) + 1
                placeholder = f"[{kind}_{counters[kind]}]"
                by_value[(kind, value)] = placeholder
                mapping[placeholder] = value
            return by_value[(kind, value)]

        return replace

    text = _EMAIL.sub(replacer("EMAIL", lambda v: True), text)
    text = _IBAN.sub(replacer("IBAN", iban_valid), text)
    text = _CARD.sub(replacer("CARD", lambda v: luhn_valid(re.sub(r"[ -]", "", v))), text)
    text = _PHONE.sub(replacer("PHONE", lambda v: True), text)
    return text, mapping


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the original values back."""
    for placeholder, value in mapping.items():
        text = text.replace(placeholder, value)
    return text
