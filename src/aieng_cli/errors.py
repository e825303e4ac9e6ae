"""One error family: core code raises these, the CLI prints one line, the TUI notifies."""

from __future__ import annotations


class AiengError(Exception):
    """Base of every error aieng reports to the user as one plain line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FileReadError(AiengError):
    """A file aieng was asked to read is not a readable regular text file within its size cap."""

    def __init__(self, message: str, *, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class FileMissing(FileReadError):
    """The file does not exist (callers often treat this as "use the defaults")."""


class RoadmapError(AiengError):
    """roadmap.yaml (or a user's roadmap) is missing, unparsable or invalid."""


class ProgressError(AiengError):
    """The progress file cannot be read, locked or written."""


class PlanError(AiengError):
    """A plan request that cannot be satisfied (unknown track, bad hours or date)."""


class TutorUnavailable(AiengError):
    """The local LLM cannot be used right now; the caller falls back to the bank."""


class Cancelled(AiengError):
    """The learner cancelled a pending model call (ctrl+c, esc): not a failure, the tutor stays online."""


class PracticeError(AiengError):
    """An exercise cannot be found, copied, checked or shown."""


class ScaffoldError(AiengError):
    """A project cannot be generated (bad name, existing folder, template failure)."""


class ConfigError(AiengError):
    """A setting is unknown or its value is invalid."""
