"""The reasoning engine behind a narrow seam: a `ChatModel` protocol and its Ollama implementation."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

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
class Usage:
    """What one model call cost, as the model counted it (estimated when it does not say)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    num_ctx: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Reply:
    """What the model said in one turn: text, tool calls, or both; and what it cost."""

    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)


REPLY_ROOM = 2048  # tokens kept free for the answer when sizing the context window
MIN_CONTEXT = 4096


def estimate_tokens(messages: Sequence[Message], tools: Sequence[Message] | None = None) -> int:
    """A cautious token estimate (about 3 characters per token) of a prompt with its tool schemas."""
    size = sum(len(str(m.get("content", ""))) + len(json.dumps(m.get("tool_calls", ""), default=str)) for m in messages)
    size += len(json.dumps(list(tools or []), default=str))
    return size // 3 + 4 * len(messages)


def context_size(prompt_tokens: int, limit: int) -> int:
    """num_ctx for a prompt: room for the prompt and the reply, in steps of 2048, within [4096, limit]."""
    needed = prompt_tokens + REPLY_ROOM
    return max(MIN_CONTEXT, min(limit, -(-needed // 2048) * 2048))


def prompt_hash(messages: Sequence[Message]) -> str:
    """A short stable hash of a prompt, for traces that must not store the prompt itself."""
    return hashlib.sha256(json.dumps(list(messages), sort_keys=True, default=str).encode()).hexdigest()[:16]


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

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        """One turn constrained to JSON matching `schema` (structured output); the raw JSON is the content."""
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
        max_context: int = 32768,
    ) -> None:
        self.host = host.rstrip("/")
        self.model = model
        self.embed_model = embed_model
        self.label = f"ollama:{model}"
        self.temperature = temperature
        self.max_context = max_context
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
        counts = {"prompt": 0, "completion": 0}
        started = time.monotonic()
        num_ctx = self.num_ctx(messages, tools)
        with self._errors(self.model):
            stream = self.client.chat(
                model=self.model,
                messages=list(messages),
                tools=list(tools or []) or None,
                stream=True,
                options=self._options(num_ctx),
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
                if chunk.done:  # the last chunk carries the model's own token counts
                    counts = {"prompt": chunk.prompt_eval_count or 0, "completion": chunk.eval_count or 0}
        usage = Usage(counts["prompt"], counts["completion"], round(time.monotonic() - started, 3), num_ctx)
        return Reply("".join(content), tuple(calls), usage)

    def num_ctx(self, messages: Sequence[Message], tools: Sequence[Message] | None = None) -> int:
        """The context window to ask for: Ollama's small default would silently cut a long prompt."""
        return context_size(estimate_tokens(messages, tools), self.max_context)

    def _options(self, num_ctx: int) -> dict[str, Any]:
        return {"temperature": self.temperature, "num_ctx": num_ctx}

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        started = time.monotonic()
        num_ctx = self.num_ctx(messages, [schema])
        with self._errors(self.model):
            response = self.client.chat(
                model=self.model,
                messages=list(messages),
                format=schema,
                stream=False,
                options=self._options(num_ctx),
            )
        usage = Usage(
            response.prompt_eval_count or 0, response.eval_count or 0, round(time.monotonic() - started, 3), num_ctx
        )
        return Reply(response.message.content or "", (), usage)

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

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> Literal[False]:
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
