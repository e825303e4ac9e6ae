"""Password policy: a minimum and a maximum length, and no common or obvious passwords."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import BadRequest

MIN_PASSWORD_LENGTH = 10
# argon2 hashes any length, but a 5 MB "password" is a cheap way to burn CPU and memory.
MAX_PASSWORD_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def check_password(password: str, email: str = "") -> None:
    """Raise BadRequest with the reason when `password` is not acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadRequest(f"Use a password of at most {MAX_PASSWORD_LENGTH} characters.")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in common_passwords() or (len(local) >= 4 and local in lowered):
        raise BadRequest("This password is too common or contains your email; pick another.")
    if len(set(password)) < 4:
        raise BadRequest("This password repeats too few characters; pick another.")
