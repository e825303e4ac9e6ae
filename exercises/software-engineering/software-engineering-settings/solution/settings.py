"""Settings from environment variables, validated all at once."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    model: str = "llama3.2"
    timeout_s: float = 30.0
    max_retries: int = 3
    debug: bool = False


class SettingsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _model(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text.strip()


def _timeout(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError("must be greater than 0")
    return value


def _retries(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 10:
        raise ValueError("must be between 0 and 10")
    return value


def _flag(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError("must be one of 1/true/yes/on or 0/false/no/off")


PARSERS = {
    "APP_MODEL": ("model", _model),
    "APP_TIMEOUT_S": ("timeout_s", _timeout),
    "APP_MAX_RETRIES": ("max_retries", _retries),
    "APP_DEBUG": ("debug", _flag),
}


def load_settings(env: Mapping[str, str]) -> Settings:
    """Settings from the APP_* variables of `env`; SettingsError lists every problem."""
    values = {}
    problems = []
    for name, text in env.items():
        if not name.startswith("APP_"):
            continue
        if name not in PARSERS:
            problems.append(f"{name}: unknown setting")
            continue
        field, parse = PARSERS[name]
        try:
            values[field] = parse(text)
        except ValueError as exc:
            problems.append(f"{name}: invalid value {text!r} ({exc})")
    if problems:
        raise SettingsError(sorted(problems))
    return Settings(**values)
