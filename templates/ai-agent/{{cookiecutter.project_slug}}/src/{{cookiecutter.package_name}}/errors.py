"""One error family: core code raises these; the CLI prints their message on one line."""

from __future__ import annotations


class AgentError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ModelUnavailable(AgentError):
    """The model server cannot be reached, timed out, or lacks the model."""


class ModelError(AgentError):
    """The model server answered with an error or with output we cannot use."""


class ToolError(AgentError):
    """A tool refused its input or failed; the message goes back to the model."""


class PathEscape(ToolError):
    """A file path tried to leave the workspace."""


class BudgetExceeded(AgentError):
    """A run used up one of its budgets (steps, tool calls, wall time)."""


class TraceError(AgentError):
    """A trace file is missing or not valid JSONL."""


class SettingsError(AgentError):
    """A setting (environment variable or option) has a value we cannot use."""


def one_line(error: BaseException, limit: int = 300) -> str:
    """A single printable line for any error: its message, or its type when the message is empty."""
    text = " ".join(str(error).split()) if isinstance(error, AgentError) else f"{type(error).__name__}: {error}"
    text = " ".join(text.split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
