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


def load_settings(env: Mapping[str, str]) -> Settings:
    """Settings from the APP_* variables of `env`; SettingsError lists every problem."""
    # TODO: parse each known variable, collect problems, reject unknown APP_ names
    raise NotImplementedError
