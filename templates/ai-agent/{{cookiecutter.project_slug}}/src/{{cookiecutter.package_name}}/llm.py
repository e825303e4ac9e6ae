"""The reasoning engine behind a narrow seam: a `ChatModel` protocol and its Ollama implementation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import ollama

from .errors import ModelError, ModelUnavailable

Message = dict[str, Any]
OnText = Callable[[str], None]


@dataclass(frozen=True)
class ToolCall:
    """One function call the model asked for; `arguments` is already a dict."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """What the model said in one turn: text, tool calls, or both."""

    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()


class ChatModel(Protocol):
    """What the agent needs from a model. `OllamaModel` and the offline `DemoModel` provide it."""

    label: str

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Message] | None = None,
        on_text: OnText | None = None,
    ) -> Reply:
        """One assistant turn; with `tools`, the model may answer with tool calls."""
        ...

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> str:
        """One turn constrained to JSON matching `schema` (structured output); returns raw text."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        """Embedding vectors, or None when this model cannot embed (callers fall back to FTS)."""
        ...


def _hint(host: str) -> str:
    return (
        f"Ollama is not reachable at {host}: start it with `ollama serve` "
        "(or run with --demo for the offline scripted model)"
    )


class OllamaModel:
    """`ChatModel` over the official `ollama` client, always with a timeout."""

    def __init__(
        self,
        host: str,
        model: str,
        embed_model: str,
        timeout: float = 120.0,
        temperature: float = 0.0,
    ) -> None:
        self.host = host.rstrip("/")
        self.model = model
        self.embed_model = embed_model
        self.label = f"ollama:{model}"
        self.options = {"temperature": temperature}
        # The client has no timeout by default; a dead server would hang a run forever.
        self.timeout = httpx.Timeout(timeout, connect=5.0)
        self.client = ollama.Client(host=self.host, timeout=self.timeout)

    # -- health ---------------------------------------------------------------------------
    def check(self) -> str:
        """Raise ModelUnavailable unless the server answers and has the chat model; return its version."""
        try:
            # ollama-python has no version(); ask the endpoint directly, with a short timeout.
            r = httpx.get(f"{self.host}/api/version", timeout=httpx.Timeout(5.0))
            r.raise_for_status()
            version = str(r.json().get("version", "?"))
            names = {m.model for m in self.client.list().models if m.model}
        except (httpx.HTTPError, ConnectionError, ValueError):
            raise ModelUnavailable(_hint(self.host)) from None
        except ollama.ResponseError as e:
            raise ModelError(f"Ollama at {self.host} answered: {e.error}") from None
        if not {self.model, f"{self.model}:latest"} & names:
            raise ModelUnavailable(f"model {self.model!r} is not pulled on {self.host}: run `ollama pull {self.model}`")
        return version

    # -- ChatModel ------------------------------------------------------------------------
    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Message] | None = None,
        on_text: OnText | None = None,
    ) -> Reply:
        content: list[str] = []
        calls: list[ToolCall] = []
        with self._errors(self.model):
            stream = self.client.chat(
                model=self.model,
                messages=list(messages),
                tools=list(tools or []) or None,
                stream=True,
                options=self.options,
            )
            # A refused connection only surfaces here, on the first read, as httpx.ConnectError.
            for chunk in stream:
                text = chunk.message.content or ""
                if text:
                    content.append(text)
                    if on_text:
                        on_text(text)
                for call in chunk.message.tool_calls or ():
                    calls.append(ToolCall(call.function.name, dict(call.function.arguments or {})))
        return Reply("".join(content), tuple(calls))

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> str:
        with self._errors(self.model):
            response = self.client.chat(
                model=self.model,
                messages=list(messages),
                format=schema,
                stream=False,
                options=self.options,
            )
        return response.message.content or ""

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        with self._errors(self.embed_model):
            response = self.client.embed(model=self.embed_model, input=list(texts))
        return [list(v) for v in response.embeddings]

    # -- error translation ----------------------------------------------------------------
    def _errors(self, model: str) -> _Translate:
        return _Translate(self.host, model)


class _Translate:
    """Context manager turning ollama/httpx failures into ModelUnavailable / ModelError."""

    def __init__(self, host: str, model: str) -> None:
        self.host, self.model = host, model

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if exc is None:
            return False
        if isinstance(exc, (ConnectionError, httpx.ConnectError)):
            raise ModelUnavailable(_hint(self.host)) from None
        if isinstance(exc, httpx.TimeoutException):
            raise ModelUnavailable(f"Ollama at {self.host} did not answer in time ({exc})") from None
        if isinstance(exc, ollama.ResponseError):
            if exc.status_code == 404:
                raise ModelUnavailable(f"model {self.model!r} is not pulled: run `ollama pull {self.model}`") from None
            if exc.status_code == 400 and "does not support tools" in str(exc.error):
                raise ModelError(
                    f"model {self.model!r} does not support tool calling: use one that does "
                    "(llama3.1, llama3.2, qwen2.5, mistral-nemo) with --model or AGENT_MODEL"
                ) from None
            # Mid-stream errors arrive as an {"error": ...} line under HTTP 200 (status -1).
            raise ModelError(f"Ollama error: {exc.error}") from None
        if isinstance(exc, httpx.HTTPError):
            raise ModelUnavailable(f"Ollama at {self.host} failed: {exc}") from None
        return False
