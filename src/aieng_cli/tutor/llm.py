"""The LLM seam: a small Tutor protocol and its Ollama implementation on the official client.

Every failure of the model or the server becomes TutorUnavailable with one plain sentence,
so callers fall back to the offline bank. One client per process (building one costs ~18 ms).

Every call is bounded: the health check by its own short limit, each generation by a token cap
(`num_predict`), a silence limit (`timeout`, no token for that long) and an overall limit, and
a stream that starts looping is cut off. Structured calls take an optional `cancel` event: then
they run in a daemon worker thread and the caller gets control back within 50 ms of setting it,
even while the model is silent (the TUI's esc and quit). A cancelled call raises `Cancelled`,
which is not TutorUnavailable: the session stays online. Without an event, ctrl+c in the main
thread interrupts the wait directly (the plain-terminal quiz).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import AiengError, Cancelled, TutorUnavailable
from . import grading
from .grading import Grade
from .questions import QUESTION_TOKENS, QuestionDraft, question_messages

if TYPE_CHECKING:
    from ..roadmap import Topic

T = TypeVar("T")
CHAT_TOKENS = 1024
OVERALL_FACTOR = 3  # a whole structured answer may take this many silence limits, never more


@dataclass(frozen=True)
class Health:
    host: str
    model: str
    reachable: bool
    version: str | None = None
    model_present: bool = False
    problem: str | None = None
    hint: str | None = None

    @property
    def ok(self) -> bool:
        return self.reachable and self.model_present

    @property
    def summary(self) -> str:
        """One line for any UI: what runs, or what is wrong and how to enable it."""
        if self.ok:
            return f"{self.model} at {self.host} (version {self.version})"
        hint = f"; to enable: {self.hint}" if self.hint else ""
        return f"{self.problem}{hint}"


class Tutor(Protocol):
    model: str

    def health(self) -> Health: ...
    def generate_question(
        self, topic: Topic, avoid: list[str], *, cancel: threading.Event | None = None
    ) -> QuestionDraft: ...
    def grade(
        self,
        topic: Topic,
        prompt: str,
        reference: str,
        key_points: list[str],
        answer: str,
        *,
        cancel: threading.Event | None = None,
    ) -> Grade: ...
    def chat(self, topic: Topic, messages: list[dict[str, str]]) -> Iterator[str]: ...


class OllamaTutor:
    def __init__(
        self,
        host: str,
        model: str,
        timeout: float = 60.0,
        health_timeout: float = 3.0,
        method: str = grading.DEFAULT_METHOD,
    ) -> None:
        import httpx
        import ollama

        if method not in grading.METHODS:
            raise AiengError(f"unknown grading method {method!r}; methods: {', '.join(grading.METHODS)}")
        self.host, self.model, self.timeout, self.method = host, model, timeout, method
        self.health_timeout = min(health_timeout, timeout)
        self.attempts = 0  # structured model calls made; the grader bench counts retries with it
        self._httpx = httpx
        self._ollama = ollama
        self._client = ollama.Client(host=host, timeout=httpx.Timeout(timeout, connect=min(3.0, timeout)))

    # Health -------------------------------------------------------------------

    def health(self) -> Health:
        """Version and pulled models, within `health_timeout` in all; says what is true."""
        httpx = self._httpx
        http = self._client._client  # the client has no version() call: same connection, own limit
        deadline = time.monotonic() + self.health_timeout
        try:
            version = self._get_json(http, "/api/version", deadline).get("version")
            listed = self._get_json(http, "/api/tags", deadline).get("models") or []
            models = [m.get("model") or m.get("name") for m in listed if isinstance(m, dict)]
        except httpx.ConnectError:
            # The problem names the host; the hint says what to do (plain words: no Markdown backticks).
            hint = "start it with ollama serve, or point OLLAMA_HOST at where it runs"
            return self._down(f"Ollama is not reachable at {self.host}", hint)
        except httpx.TimeoutException:
            return self._down(
                f"Ollama at {self.host} is not answering (still loading a model?)",
                f"wait a moment and try again; ollama ps shows what it is doing (limit {self.health_timeout:g} s, "
                "aieng config set health_timeout)",
            )
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            return self._down(f"Ollama at {self.host} answered badly ({type(exc).__name__})", None)
        if not _model_listed(self.model, models):
            problem = f"model {self.model} is not pulled"
            return Health(self.host, self.model, True, version, False, problem, f"ollama pull {self.model}")
        return Health(self.host, self.model, True, version, True)

    def _get_json(self, http, path: str, deadline: float) -> dict:
        left = max(deadline - time.monotonic(), 0.05)
        response = http.get(path, timeout=self._httpx.Timeout(left))
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError(f"{path} did not answer with an object")
        return body

    def _down(self, problem: str, hint: str | None) -> Health:
        return Health(self.host, self.model, False, problem=problem, hint=hint)

    # Questions and grading ----------------------------------------------------

    def generate_question(
        self, topic: Topic, avoid: list[str], *, cancel: threading.Event | None = None
    ) -> QuestionDraft:
        return self._structured(question_messages(topic, avoid), QuestionDraft, QUESTION_TOKENS, cancel)

    def grade(
        self,
        topic: Topic,
        prompt: str,
        reference: str,
        key_points: list[str],
        answer: str,
        *,
        cancel: threading.Event | None = None,
    ) -> Grade:
        """Grade by this tutor's method: the one path both the quizzes and the bench use."""
        method = self.method
        messages = grading.messages(method, topic, prompt, reference, key_points, answer)
        tokens = grading.num_predict(method, len(key_points))
        return self._structured(
            messages,
            grading.schema(method),
            tokens,
            cancel,
            check=lambda parsed: grading.to_grade(method, parsed, key_points, answer),
        )

    def chat(self, topic: Topic, messages: list[dict[str, str]]) -> Iterator[str]:
        """Stream the tutor's reply to the conversation, grounded in the topic."""
        system = {"role": "system", "content": _chat_system(topic)}
        sent = [system, *messages]
        with self._translate():
            done, text = False, ""
            for part in self._client.chat(self.model, sent, stream=True, options=options(sent, CHAT_TOKENS)):
                if part.message.content:
                    text += part.message.content
                    yield part.message.content
                    if grading.stream_looping(text[-2000:]):
                        raise TutorUnavailable("the model started repeating itself; stopped it")
                done = done or bool(part.done)
            if not done:
                raise TutorUnavailable("the model's answer was cut off mid-way")

    def _structured(
        self,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        tokens: int,
        cancel: threading.Event | None,
        check: Callable[[BaseModel], T] | None = None,
    ):
        """Structured output validated by `schema` (and `check`); one retry on invalid or degenerate
        output, then give up."""
        for _attempt in range(2):
            self.attempts += 1
            content = self._call(lambda stop, sent=messages: self._stream_json(sent, schema, tokens, stop), cancel)
            try:
                parsed = schema.model_validate_json(content)
                return check(parsed) if check else parsed
            except ValueError as exc:  # pydantic's ValidationError is a ValueError too
                problem = str(exc).splitlines()[0] if not isinstance(exc, ValidationError) else _first_error(exc)
                messages = [
                    *messages,
                    {"role": "assistant", "content": content[:2000]},
                    {"role": "user", "content": f"That was not usable ({problem}). Reply with valid JSON only."},
                ]
        raise TutorUnavailable("the model returned invalid output twice")

    def _stream_json(self, messages: list[dict[str, str]], schema: type[BaseModel], tokens: int, stop) -> str:
        """The raw content, read as it streams so a stop request or a loop ends it early."""
        text, end = "", time.monotonic() + self._overall
        with self._translate():
            stream = self._client.chat(
                self.model, messages, format=json_schema(schema), options=options(messages, tokens), stream=True
            )
            try:
                for count, part in enumerate(stream):
                    text += part.message.content or ""
                    if stop.is_set():
                        break
                    if time.monotonic() > end:  # a model that trickles tokens never trips the silence limit
                        raise self._too_slow()
                    if count % 16 == 15 and grading.stream_looping(text):
                        return text + "\n(looping: cut off)"  # invalid JSON: counted as such, retried
            finally:
                stream.close()  # closes the response: Ollama stops generating
        return text

    @property
    def _overall(self) -> float:
        return self.timeout * OVERALL_FACTOR

    def _too_slow(self) -> TutorUnavailable:
        return TutorUnavailable(f"Ollama did not finish within {self._overall:g} s")

    def _call(self, work: Callable[[threading.Event], T], cancel: threading.Event | None) -> T:
        """Without a cancel event, in the calling thread (ctrl+c interrupts a socket wait in the
        main thread anyway, and a thread costs ~1 ms a call); with one, in a worker thread."""
        return work(threading.Event()) if cancel is None else self._in_worker(work, cancel)

    def _in_worker(self, work: Callable[[threading.Event], T], cancel: threading.Event) -> T:
        """Run `work` in a daemon thread; return its result, or stop waiting at once on cancel,
        ctrl+c or the overall limit (the thread is told to stop and ends with its connection)."""
        stop = threading.Event()
        box: dict[str, object] = {}

        def target() -> None:
            try:
                box["value"] = work(stop)
            except BaseException as exc:  # handed to the waiting thread, re-raised there
                box["error"] = exc

        worker = threading.Thread(target=target, name="aieng-model-call", daemon=True)
        worker.start()
        end = time.monotonic() + self._overall
        try:
            while worker.is_alive():
                if cancel.is_set():
                    raise Cancelled("cancelled: the model's answer was not waited for")
                left = end - time.monotonic()
                if left <= 0:
                    raise self._too_slow()
                worker.join(min(0.05, left))
        finally:
            if worker.is_alive():
                stop.set()
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["value"]  # type: ignore[return-value]

    @contextmanager
    def _translate(self) -> Iterator[None]:
        httpx, ollama = self._httpx, self._ollama
        try:
            yield
        except ollama.ResponseError as exc:
            if exc.status_code == 404:
                raise TutorUnavailable(f"model {self.model} is not pulled: run `ollama pull {self.model}`") from None
            if exc.status_code == -1:  # an {"error": …} line in the middle of a stream
                raise TutorUnavailable(f"the model failed mid-answer: {str(exc.error)[:200]}") from None
            raise TutorUnavailable(f"Ollama error {exc.status_code}: {str(exc.error)[:200]}") from None
        except (ConnectionError, httpx.ConnectError):
            raise TutorUnavailable(f"Ollama is not reachable at {self.host}") from None
        except httpx.TimeoutException:
            raise TutorUnavailable(f"Ollama did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise TutorUnavailable(f"the connection to Ollama broke ({type(exc).__name__})") from None
        except ValueError:  # the client does not wrap a body that is not JSON
            raise TutorUnavailable("Ollama sent a reply that is not JSON") from None


OPTIONS = {"temperature": 0.3}
CONTEXT_SIZES = (4096, 8192, 16384, 32768)


def options(messages: list[dict[str, str]], tokens: int) -> dict:
    """Sampling options with a token cap and a context that fits the prompt actually sent.

    The context comes in a few fixed sizes: Ollama reloads the model whenever num_ctx changes,
    so nearly every call asks for the same 4096. ~3 characters per token over-counts, safely.
    """
    need = sum(len(m.get("content") or "") for m in messages) // 3 + tokens + 64
    num_ctx = next((size for size in CONTEXT_SIZES if size >= need), CONTEXT_SIZES[-1])
    return {**OPTIONS, "num_predict": tokens, "num_ctx": num_ctx}


@functools.cache
def json_schema(model: type[BaseModel]) -> dict:
    """pydantic rebuilds a schema on every call (~0.3 ms); ours never change."""
    return model.model_json_schema()


def grade_messages(
    topic: Topic, prompt: str, reference: str, key_points: list[str], answer: str
) -> list[dict[str, str]]:
    """The one-shot grading prompt (kept for callers that build requests themselves)."""
    return grading.messages("oneshot", topic, prompt, reference, key_points, answer)


@functools.lru_cache(maxsize=4)
def ollama_tutor(
    host: str, model: str, timeout: float, health_timeout: float = 3.0, method: str = grading.DEFAULT_METHOD
) -> OllamaTutor:
    """One client per process and settings, reused by every call."""
    return OllamaTutor(host, model, timeout, health_timeout, method)


def _model_listed(model: str, listed: list[str | None]) -> bool:
    wanted = model if ":" in model else f"{model}:latest"
    return any(name in (model, wanted) for name in listed if name)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


GRADE_SYSTEM = grading.ONESHOT_SYSTEM


def _chat_system(topic: Topic) -> str:
    objectives = "; ".join(topic.objectives)
    return (
        f"You are a patient tutor helping a learner with the topic '{topic.title}'. Stay on this topic, "
        f"explain with small concrete examples, and ask a short check-question now and then. "
        f"Summary: {topic.summary.strip()} Objectives: {objectives}\n\nLesson:\n{topic.lesson.strip()[:3000]}"
    )


__all__ = [
    "QUESTION_TOKENS",
    "Cancelled",
    "Grade",
    "Health",
    "OllamaTutor",
    "QuestionDraft",
    "Tutor",
    "ollama_tutor",
    "question_messages",
]
