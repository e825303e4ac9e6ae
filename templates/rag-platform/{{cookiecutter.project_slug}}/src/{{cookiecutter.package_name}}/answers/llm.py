"""The narrow seam to Ollama: a client with timeouts, chat streaming, and error translation."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import httpx
import ollama

from ..config import Settings
from ..errors import LLMUnavailable

log = logging.getLogger(__name__)

# What the ollama client lets escape: ResponseError (HTTP status or an {"error": ...} line, even
# mid-stream), its own ConnectionError for plain calls, and raw httpx errors (a refused connection
# when a stream is first read, every timeout).
OLLAMA_ERRORS: tuple[type[BaseException], ...] = (
    ollama.ResponseError,
    ConnectionError,
    httpx.HTTPError,
)

Message = dict[str, str]


def make_client(settings: Settings) -> ollama.Client:
    """An ollama client that never hangs: 2 s to connect, `ollama_timeout` to answer."""
    timeout = httpx.Timeout(settings.ollama_timeout, connect=2.0)
    return ollama.Client(host=settings.ollama_host, timeout=timeout)


def explain(exc: BaseException, model: str) -> str:
    """One line saying why Ollama could not be used and what to do about it."""
    if isinstance(exc, ollama.ResponseError):
        if exc.status_code == 404:
            return f"Ollama has no model {model!r}: run `ollama pull {model}`"
        return f"Ollama error: {exc.error}"
    if isinstance(exc, httpx.TimeoutException):
        return "Ollama did not answer in time"
    return "Ollama is not reachable (start it with `ollama serve`)"


def ollama_reachable(host: str, timeout: float = 1.0) -> bool:
    """GET /api/version (the client has no method for it)."""
    try:
        return httpx.get(f"{host.rstrip('/')}/api/version", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


class ChatModel(Protocol):
    """What the answer and evaluation code need from a chat model."""

    name: str

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...

    def complete(
        self, messages: Sequence[Message], schema: dict[str, Any] | None = None
    ) -> str: ...


class OllamaChat:
    """Chat through Ollama; every failure becomes LLMUnavailable with a one-line reason."""

    def __init__(self, client: ollama.Client, model: str) -> None:
        self.client = client
        self.name = model

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        try:
            for part in self.client.chat(model=self.name, messages=list(messages), stream=True):
                if part.message.content:
                    yield part.message.content
        except OLLAMA_ERRORS as exc:
            raise LLMUnavailable(explain(exc, self.name)) from exc

    def complete(self, messages: Sequence[Message], schema: dict[str, Any] | None = None) -> str:
        try:
            response = self.client.chat(
                model=self.name, messages=list(messages), format=schema, options={"temperature": 0}
            )
        except OLLAMA_ERRORS as exc:
            raise LLMUnavailable(explain(exc, self.name)) from exc
        return response.message.content or ""
