"""The model seam: a small streaming protocol and its Ollama implementation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx


@dataclass(frozen=True)
class Chunk:
    """A piece of a streamed answer; the last one has `done=True` and the token counts."""

    text: str = ""
    done: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMUnavailable(Exception):
    """The model cannot answer now (no server, model not pulled, timeout, error mid-stream)."""


class ChatModel(Protocol):
    name: str

    def stream(self, messages: Sequence[dict[str, str]]) -> Iterator[Chunk]: ...


class OllamaChat:
    """Chat through the official `ollama` client, always with a timeout."""

    def __init__(self, host: str, model: str, timeout: float) -> None:
        import ollama  # deferred: only the web process and tests that chat need it

        self.host = host
        self.name = model
        self.timeout = timeout
        self._client = ollama.Client(host=host, timeout=timeout)

    def stream(self, messages: Sequence[dict[str, str]]) -> Iterator[Chunk]:
        import ollama

        try:
            # With stream=True a refused connection surfaces as httpx.ConnectError on the
            # first read, and a server error mid-stream as ResponseError from an {"error"} line.
            for part in self._client.chat(model=self.name, messages=list(messages), stream=True):
                yield Chunk(
                    text=part.message.content or "",
                    done=bool(part.done),
                    prompt_tokens=part.prompt_eval_count or 0,
                    completion_tokens=part.eval_count or 0,
                )
        except ollama.ResponseError as exc:
            if exc.status_code == 404:
                raise LLMUnavailable(
                    f"model '{self.name}' is not pulled: run `ollama pull {self.name}`"
                ) from exc
            raise LLMUnavailable(f"Ollama error: {exc.error}") from exc
        except (ConnectionError, httpx.TimeoutException) as exc:
            raise LLMUnavailable(f"Ollama did not answer at {self.host} ({exc})") from exc
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"Ollama is not reachable at {self.host}") from exc

    def health(self) -> str | None:
        """The server's version, or None when it is down (the client has no version())."""
        try:
            response = httpx.get(f"{self.host.rstrip('/')}/api/version", timeout=2.0)
            response.raise_for_status()
            return str(response.json().get("version", "unknown"))
        except (httpx.HTTPError, ValueError):
            return None
